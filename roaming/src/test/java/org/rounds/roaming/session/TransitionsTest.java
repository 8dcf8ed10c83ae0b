package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rounds.roaming.session.RoamingState.CONNECTING;
import static org.rounds.roaming.session.RoamingState.IDENTIFYING;
import static org.rounds.roaming.session.RoamingState.IN_SESSION;
import static org.rounds.roaming.session.RoamingState.LOCKED;
import static org.rounds.roaming.session.RoamingState.PIN_REQUIRED;
import static org.rounds.roaming.session.RoamingState.RECONNECTING;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerUnavailableException;

/**
 * The transition table: exactly the one the README's "Roaming states" draws; every move in it made by
 * a real scenario of {@link EndpointMachine} (so an entry removed breaks a scenario, and an entry
 * no scenario needs fails the coverage check); every other move refused.
 */
@Tag("unit")
class TransitionsTest {

    @Test
    void theTableIsExactlyTheOneTheDocsDraw() {
        Map<RoamingState, Set<RoamingState>> expected = new EnumMap<>(RoamingState.class);
        expected.put(LOCKED, EnumSet.of(IDENTIFYING, RECONNECTING, LOCKED));
        expected.put(IDENTIFYING, EnumSet.of(PIN_REQUIRED, CONNECTING, RECONNECTING, LOCKED));
        expected.put(PIN_REQUIRED, EnumSet.of(IDENTIFYING, LOCKED));
        expected.put(CONNECTING, EnumSet.of(IN_SESSION, LOCKED));
        expected.put(IN_SESSION, EnumSet.of(CONNECTING, PIN_REQUIRED, RECONNECTING, LOCKED));
        expected.put(RECONNECTING, EnumSet.of(IDENTIFYING, CONNECTING, IN_SESSION, LOCKED));
        assertThat(Transitions.table()).isEqualTo(expected);
    }

    @Test
    void everyMoveTheTableDoesNotListThrowsNamingBothStates() {
        int refused = 0;
        for (RoamingState from : RoamingState.values()) {
            for (RoamingState to : RoamingState.values()) {
                if (Transitions.table().get(from).contains(to)) {
                    assertThatCode(() -> Transitions.check(from, to)).doesNotThrowAnyException();
                } else {
                    assertThatThrownBy(() -> Transitions.check(from, to)).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(from + " -> " + to);
                    refused++;
                }
            }
        }
        assertThat(refused).isEqualTo(36 - 19);
        assertThatThrownBy(() -> Transitions.check(LOCKED, IN_SESSION)).hasMessageStartingWith(
                "illegal roaming transition LOCKED -> IN_SESSION; from LOCKED the table allows only [LOCKED, IDENTIFYING, RECONNECTING]");
    }

    @Test
    void theTableIsReadOnly() {
        assertThatThrownBy(() -> Transitions.table().get(LOCKED).add(IN_SESSION)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Transitions.table().remove(LOCKED)).isInstanceOf(UnsupportedOperationException.class);
    }

    /** Every move the machine made in the scenarios below, as (from, to). */
    final Map<RoamingState, Set<RoamingState>> made = new EnumMap<>(RoamingState.class);

    @Test
    void everyMoveInTheTableIsMadeByARealScenario() {
        aCartWithPinsAndTapOver();
        aCartRefusingTaps();
        aCartReconnecting();
        aKioskRetrying();
        for (RoamingState s : RoamingState.values()) made.putIfAbsent(s, EnumSet.noneOf(RoamingState.class));
        assertThat(made).as("moves made by the scenarios").isEqualTo(Transitions.table());
    }

    private void aCartWithPinsAndTapOver() {
        Rig cart = new Rig(EndpointProfile.Kind.CART);
        cart.broker.then(pin("alice", 5)).then(pin("alice", 4)).then(connect("alice", "10.0.0.5", 1));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("A")))).containsExactly(IDENTIFYING, PIN_REQUIRED);
        assertThat(cart.step(() -> cart.m.enterPin("1111"))).containsExactly(IDENTIFYING, PIN_REQUIRED);
        assertThat(cart.step(() -> cart.m.enterPin("2468"))).containsExactly(IDENTIFYING, CONNECTING, IN_SESSION);

        cart.broker.then(connect("bob", "10.0.0.6", 1));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("B")))).as("tap-over").containsExactly(CONNECTING, IN_SESSION);
        cart.broker.then(pin("carol", 5));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("C")))).as("tap-over, PIN first").containsExactly(PIN_REQUIRED);
        assertThat(cart.step(cart.m::cancelPin)).containsExactly(LOCKED);
    }

    private void aCartRefusingTaps() {
        Rig cart = new Rig(EndpointProfile.Kind.CART);
        cart.broker.then(new TapDecision.UnknownBadge());
        assertThat(cart.step(() -> cart.m.badgePresented(badge("X")))).containsExactly(IDENTIFYING, LOCKED);

        cart.display.failing.add("10.0.0.99:5901");
        cart.broker.then(connect("alice", "10.0.0.99", 1));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("A")))).as("desktop unreachable")
                .containsExactly(IDENTIFYING, CONNECTING, LOCKED);

        // What RoamingEndpoint does when an input throws, here while locked: it locks again.
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(RoamingEndpoint.class);
        ch.qos.logback.classic.Level level = log.getLevel();
        log.setLevel(ch.qos.logback.classic.Level.OFF); // no stack trace of the planted exception in the build output
        try {
            assertThat(cart.step(() -> cart.m.failed(new IllegalStateException("planted")))).containsExactly(LOCKED);
        } finally {
            log.setLevel(level);
        }
        assertThat(cart.m.lastLockReason()).contains(Reason.of(Reason.Kind.INTERNAL_ERROR, "IllegalStateException"));
    }

    private void aCartReconnecting() {
        Rig cart = new Rig(EndpointProfile.Kind.CART);
        cart.broker.then(connect("alice", "10.0.0.5", 4));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("A")))).containsExactly(IDENTIFYING, CONNECTING, IN_SESSION);

        cart.broker.thenReconnect(connect("alice", "10.0.0.7", 4));
        assertThat(cart.step(cart::drop)).as("the same session back").containsExactly(RECONNECTING, IN_SESSION);

        cart.broker.thenReconnect(new BrokerUnavailableException("http://b/", "broker http://b/ unavailable", null));
        assertThat(cart.step(cart::drop)).as("broker down: a retry waits").containsExactly(RECONNECTING);
        cart.broker.then(connect("bob", "10.0.0.6", 1));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("B")))).as("a tap meanwhile")
                .containsExactly(IDENTIFYING, CONNECTING, IN_SESSION);
        assertThat(cart.step(cart::runLater)).as("the old retry finds nothing to do").isEmpty();

        cart.broker.thenReconnect(new TapDecision.Lock("bob", "cart-2"));
        assertThat(cart.step(cart::drop)).as("moved meanwhile").containsExactly(RECONNECTING, LOCKED);

        cart.broker.then(connect("alice", "10.0.0.5", 5)).then(new TapDecision.Lock("alice", "tap-out"));
        cart.step(() -> cart.m.badgePresented(badge("A")));
        assertThat(cart.step(() -> cart.m.badgePresented(badge("A")))).as("tap-out").containsExactly(LOCKED);
    }

    private void aKioskRetrying() {
        Rig kiosk = new Rig(EndpointProfile.Kind.KIOSK);
        kiosk.broker.then(new BrokerUnavailableException("http://b/", "broker http://b/ unavailable", null));
        assertThat(kiosk.step(kiosk.m::kioskAttempt)).containsExactly(IDENTIFYING, RECONNECTING);

        kiosk.display.failing.add("10.0.0.99:5901");
        kiosk.broker.then(connect("er-reception", "10.0.0.99", 1));
        assertThat(kiosk.step(kiosk::runLater)).as("desktop unreachable, tried again")
                .containsExactly(CONNECTING, LOCKED, RECONNECTING);

        kiosk.broker.then(connect("er-reception", "10.0.0.9", 2));
        assertThat(kiosk.step(kiosk::runLater)).containsExactly(CONNECTING, IN_SESSION);
        assertThat(kiosk.step(kiosk::drop)).containsExactly(RECONNECTING);
    }

    /** One machine on fakes, run synchronously (as {@link LockInvariantProperties} does); records each move into {@link #made}. */
    private final class Rig {
        final Fakes.CallLog calls = new Fakes.CallLog();
        final Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(calls);
        final Fakes.FakeDisplay display = new Fakes.FakeDisplay(calls);
        final IdleLockTest.MovableClock clock = new IdleLockTest.MovableClock();
        final ArrayDeque<Runnable> inbox = new ArrayDeque<>();
        final ArrayDeque<Runnable> later = new ArrayDeque<>();
        final List<RoamingState> path = new ArrayList<>();
        final EndpointMachine m;

        Rig(EndpointProfile.Kind kind) {
            m = new EndpointMachine(new EndpointProfile("ep-1", kind, ""), broker, display, new Fakes.FakeScreen(calls), clock,
                    () -> "t", List.of(t -> {
                        made.computeIfAbsent(t.from(), s -> EnumSet.noneOf(RoamingState.class)).add(t.to());
                        path.add(t.to());
                    }), inbox::add, Duration.ZERO, (r, d) -> later.add(r));
        }

        /** Runs one input and what it queued on the endpoint thread; the states it moved through. */
        List<RoamingState> step(Runnable input) {
            int before = path.size();
            input.run();
            while (!inbox.isEmpty()) inbox.poll().run();
            return List.copyOf(path.subList(before, path.size()));
        }

        void drop() {
            display.lastListener().connectionLost("peer closed");
        }

        void runLater() {
            assertThat(later).as("a scheduled retry").isNotEmpty();
            later.poll().run();
        }
    }

    private ReaderEvent.BadgePresented badge(String id) {
        return new ReaderEvent.BadgePresented("sim:ep-1", new Credential(Credential.Technology.SIMULATED, null, id),
                java.time.Instant.EPOCH);
    }

    private static TapDecision.PinRequired pin(String user, int attemptsLeft) {
        return new TapDecision.PinRequired(user, "Dr " + user, "pin-" + user, attemptsLeft);
    }

    private static TapDecision.Connect connect(String user, String host, long generation) {
        return new TapDecision.Connect(user, "Dr " + user, new DesktopAddress(host, 5901, "otp"), generation, "token-" + generation);
    }
}
