package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerCalls;

/**
 * Random sequences of what happens to an endpoint (taps by two users and a stranger, the
 * session moving elsewhere, stale pushes, dropped connections, idle time, reconnect attempts)
 * against a model broker, checked after every step: never IN_SESSION with a stale generation;
 * whatever locks clears the screen first; tap-out, idle lock and session-moved end LOCKED; and
 * from any state a tap still shows a desktop.
 */
@net.jqwik.api.Tag("unit")
class LockInvariantProperties {

    enum Action { TAP_ALICE, TAP_BOB, TAP_STRANGER, MOVED_ELSEWHERE, STALE_PUSH, DROP, IDLE, RUN_LATER }

    @Provide
    Arbitrary<List<Action>> sequences() {
        return Arbitraries.of(Action.class).list().ofMinSize(1).ofMaxSize(40);
    }

    /** The broker's truth: per user, the generation and owner; decides taps like TapService. */
    static final class ModelBroker implements BrokerCalls {
        final Map<String, Long> generation = new HashMap<>();
        final Map<String, String> owner = new HashMap<>();

        @Override
        public TapDecision tap(TapRequest r) {
            String user = switch (r.credential()) {
                case "A" -> "alice";
                case "B" -> "bob";
                default -> null;
            };
            if (user == null) return new TapDecision.UnknownBadge();
            long next = generation.merge(user, 1L, Long::sum);
            if ("cart-1".equals(owner.get(user))) {
                owner.remove(user);
                return new TapDecision.Lock(user, "tap-out");
            }
            owner.put(user, "cart-1");
            return new TapDecision.Connect(user, user, new DesktopAddress("10.0.0." + next, 5900, "otp"), next, "tok-" + next);
        }

        @Override
        public TapDecision reconnect(ReconnectRequest r) {
            boolean ours = "cart-1".equals(owner.get(r.userId())) && generation.getOrDefault(r.userId(), 0L) == r.generation();
            return ours ? new TapDecision.Connect(r.userId(), r.userId(), new DesktopAddress("10.0.1.1", 5900, "otp"), r.generation(), r.reconnectToken())
                    : new TapDecision.Lock(r.userId(), owner.getOrDefault(r.userId(), "nobody"));
        }
    }

    @Property(tries = 400)
    void everySequenceKeepsTheLockInvariants(@ForAll("sequences") List<Action> actions) {
        Fakes.CallLog calls = new Fakes.CallLog();
        ModelBroker broker = new ModelBroker();
        Fakes.FakeDisplay display = new Fakes.FakeDisplay(calls);
        IdleLockTest.MovableClock clock = new IdleLockTest.MovableClock();
        ArrayDeque<Runnable> later = new ArrayDeque<>();
        List<Transition> transitions = new ArrayList<>();
        AtomicInteger taps = new AtomicInteger();
        ArrayDeque<Runnable> inbox = new ArrayDeque<>();
        EndpointMachine m = new EndpointMachine(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""), broker, display,
                new Fakes.FakeScreen(calls), clock, () -> "t-" + taps.incrementAndGet(),
                List.of(t -> {
                    calls.add("-> " + t.to() + " " + t.reason().kind());
                    transitions.add(t);
                }), inbox::add, Duration.ofMinutes(5), (r, d) -> later.add(r));
        Fakes.FakePushChannel push = new Fakes.FakePushChannel(calls);

        for (Action a : actions) {
            int before = transitions.size();
            switch (a) {
                case TAP_ALICE -> m.badgePresented(badge("A", clock));
                case TAP_BOB -> m.badgePresented(badge("B", clock));
                case TAP_STRANGER -> m.badgePresented(badge("X", clock));
                case MOVED_ELSEWHERE -> m.userId().ifPresent(u -> {
                    long g = broker.generation.merge(u, 1L, Long::sum);
                    broker.owner.put(u, "cart-2");
                    m.sessionMoved(new PushEvent.SessionMoved("ev", u, "cart-2", g), push);
                });
                case STALE_PUSH -> m.userId().ifPresent(u ->
                        m.sessionMoved(new PushEvent.SessionMoved("old", u, "cart-9", broker.generation.getOrDefault(u, 0L) - 1), push));
                case DROP -> {
                    if (m.state() == RoamingState.IN_SESSION) display.lastListener().connectionLost("peer closed");
                }
                case IDLE -> {
                    clock.advance(Duration.ofMinutes(6));
                    m.checkIdle();
                }
                case RUN_LATER -> {
                    Runnable r = later.poll();
                    if (r != null) r.run();
                }
            }
            while (!inbox.isEmpty()) inbox.poll().run();

            // never IN_SESSION with a stale generation, nor with a session the broker gave elsewhere
            if (m.state() == RoamingState.IN_SESSION) {
                String u = m.userId().orElseThrow();
                assertThat(broker.owner.get(u)).as("owner of %s after %s", u, actions).isEqualTo("cart-1");
                assertThat(m.shownSession().orElseThrow().generation()).isEqualTo(broker.generation.get(u));
            }
            // tap-out, idle lock and a current session-moved end LOCKED
            if (!transitions.isEmpty() && transitions.size() > before) {
                Reason.Kind why = transitions.get(transitions.size() - 1).reason().kind();
                if (why == Reason.Kind.TAPPED_OUT || why == Reason.Kind.IDLE_TIMEOUT || why == Reason.Kind.SESSION_MOVED) {
                    assertThat(m.state()).as("after %s", why).isEqualTo(RoamingState.LOCKED);
                }
            }
        }
        assertClearFirst(calls.calls);

        // never stuck: whatever happened, a fresh user's tap shows their desktop
        later.clear();
        if (m.state() == RoamingState.RECONNECTING) {
            clock.advance(Duration.ofMinutes(4));
            broker.owner.clear();
        }
        broker.owner.remove("bob");
        m.badgePresented(badge("B", clock));
        while (!inbox.isEmpty()) inbox.poll().run();
        if (m.state() != RoamingState.IN_SESSION) { // bob was shown here: that tap was his tap-out
            m.badgePresented(badge("B", clock));
            while (!inbox.isEmpty()) inbox.poll().run();
        }
        assertThat(m.state()).as("a tap after %s", actions).isEqualTo(RoamingState.IN_SESSION);
    }

    /** Every time the screen went from a session to LOCKED or to another user, "clear" came before "close" and the transition. */
    static void assertClearFirst(List<String> calls) {
        boolean showing = false, cleared = false;
        for (String c : calls) {
            if (c.startsWith("connect ")) {
                showing = true;
                cleared = false;
            } else if (c.equals("clear")) {
                cleared = true;
            } else if (showing && (c.startsWith("close ") || c.startsWith("-> LOCKED") || c.startsWith("-> RECONNECTING")
                    || c.startsWith("-> PIN_REQUIRED"))) {
                assertThat(cleared).as("'clear' before '%s' in %s", c, calls).isTrue();
                if (!c.startsWith("close ")) showing = false;
            }
        }
    }

    private static ReaderEvent.BadgePresented badge(String id, IdleLockTest.MovableClock clock) {
        return new ReaderEvent.BadgePresented("sim:cart-1", new Credential(Credential.Technology.SIMULATED, null, id), clock.instant());
    }

}
