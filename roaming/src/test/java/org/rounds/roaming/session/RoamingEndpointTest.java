package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rounds.roaming.session.Fakes.connect;
import static org.rounds.roaming.session.RoamingState.CONNECTING;
import static org.rounds.roaming.session.RoamingState.IDENTIFYING;
import static org.rounds.roaming.session.RoamingState.IN_SESSION;
import static org.rounds.roaming.session.RoamingState.LOCKED;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerUnavailableException;
import org.rounds.roaming.session.Fakes.CallLog;
import org.rounds.roaming.session.Fakes.FakeDisplay;
import org.rounds.roaming.session.Fakes.FakePushChannel;
import org.rounds.roaming.session.Fakes.FakeScreen;
import org.rounds.roaming.session.Fakes.ScriptedBroker;

@Tag("unit")
@Timeout(20)
class RoamingEndpointTest {
    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final String ALICE_BADGE = "0451A2B3C4";
    static final String BOB_BADGE = "0499887766";

    final CallLog calls = new CallLog();
    final ScriptedBroker broker = new ScriptedBroker(calls);
    final FakeDisplay display = new FakeDisplay(calls);
    final FakePushChannel push = new FakePushChannel(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    final AtomicInteger taps = new AtomicInteger();
    final RoamingEndpoint endpoint = RoamingEndpoint.builder()
            .profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "ward 4 bed 12"))
            .broker(broker)
            .display(display)
            .screen(new FakeScreen(calls))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .tapIds(() -> "tap-" + taps.incrementAndGet())
            .build();

    RoamingEndpointTest() {
        endpoint.addListener(new StateListener() {
            @Override
            public void transitioned(Transition t) {
                calls.add(t.to() + " " + t.userId().orElse("-") + " (" + t.reason() + ")");
                transitions.add(t);
            }

            @Override
            public void tapIgnored(Reason reason, Instant at) {
                calls.add("ignored (" + reason + ")");
                transitions.add(new Transition(IN_SESSION, IN_SESSION, Optional.empty(), reason, at));
            }
        });
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void badgeTapConnectsTheBrokersDesktopAndShowsTheSession() throws Exception {
        broker.then(connect("alice", "10.0.0.5", 5901, 7));

        badge(ALICE_BADGE);

        assertThat(next()).isEqualTo(new Transition(LOCKED, IDENTIFYING, Optional.empty(), Reason.of(Reason.Kind.BADGE_PRESENTED), NOW));
        assertThat(next()).isEqualTo(new Transition(IDENTIFYING, CONNECTING, Optional.of("alice"),
                Reason.of(Reason.Kind.DESKTOP_CONNECTING, "Dr alice"), NOW));
        Transition shown = next();
        assertThat(shown.from()).isEqualTo(CONNECTING);
        assertThat(shown.to()).isEqualTo(IN_SESSION);
        assertThat(shown.userId()).contains("alice");
        assertThat(shown.at()).isEqualTo(NOW);
        assertThat(endpoint.state()).isEqualTo(IN_SESSION);
        assertThat(endpoint.currentUserId()).contains("alice");
        assertThat(broker.requests).singleElement().satisfies(r -> {
            assertThat(r.endpointId()).isEqualTo("cart-1");
            assertThat(r.credential()).isEqualTo(ALICE_BADGE);
            assertThat(r.tapId()).isEqualTo("tap-1");
        });
        assertThat(calls.calls).containsExactly(
                "IDENTIFYING - (badge presented)", "tap tap-1", "CONNECTING alice (connecting to the desktop of Dr alice)",
                "connect 10.0.0.5:5901",
                "IN_SESSION alice (connected to DesktopAddress[10.0.0.5:5901] (generation 7))");
    }

    @Test
    void tapOutClearsTheScreenBeforeClosingTheSessionAndLocking() throws Exception {
        showAlice(3);
        broker.then(new TapDecision.Lock("alice", "tap-out"));

        badge(ALICE_BADGE);

        assertThat(next()).extracting(Transition::from, Transition::to, Transition::userId)
                .containsExactly(IN_SESSION, LOCKED, Optional.of("alice"));
        assertThat(callsSinceSession()).containsExactly(
                "tap tap-2", "clear", "close 10.0.0.5:5901", "LOCKED alice (tapped out: tap-out)");
        assertThat(endpoint.state()).isEqualTo(LOCKED);
        assertThat(endpoint.currentUserId()).isEmpty();
        assertThat(endpoint.lastLockReason().map(Reason::toString)).contains("tapped out: tap-out");
    }

    @Test
    void sessionMovedClearsClosesLocksAndOnlyThenAcknowledges() throws Exception {
        showAlice(3);

        endpoint.onPush(new PushEvent.SessionMoved("ev-1", "alice", "cart-2", 4), push);

        assertThat(next().to()).isEqualTo(LOCKED);
        awaitCall("ack ev-1");
        assertThat(callsSinceSession()).containsExactly(
                "clear", "close 10.0.0.5:5901", "LOCKED alice (session moved to cart-2)", "ack ev-1");
    }

    @Test
    void sessionMovedWithTheSameGenerationStillLocks() throws Exception {
        showAlice(3);

        endpoint.onPush(new PushEvent.SessionMoved("ev-1", "alice", "cart-2", 3), push);

        assertThat(next().to()).isEqualTo(LOCKED);
        awaitCall("ack ev-1");
    }

    @Test
    void staleSessionMovedIsIgnoredAndNotAcknowledged() throws Exception {
        showAlice(5);
        broker.then(new TapDecision.Lock("alice", "tap-out"));

        endpoint.onPush(new PushEvent.SessionMoved("ev-old", "alice", "cart-2", 4), push);
        badge(ALICE_BADGE); // queued behind the push: when it locks, the push has been handled

        assertThat(next().reason()).isEqualTo(Reason.of(Reason.Kind.TAPPED_OUT, "tap-out"));
        assertThat(callsSinceSession()).containsExactly(
                "tap tap-2", "clear", "close 10.0.0.5:5901", "LOCKED alice (tapped out: tap-out)");
    }

    @Test
    void sessionMovedOfAUserNotShownIsAcknowledgedWithoutLocking() throws Exception {
        showAlice(5);

        endpoint.onPush(new PushEvent.SessionMoved("ev-bob", "bob", "cart-9", 1), push);

        awaitCall("ack ev-bob");
        assertThat(callsSinceSession()).containsExactly("ack ev-bob");
        assertThat(endpoint.state()).isEqualTo(IN_SESSION);
    }

    @Test
    void lostConnectionClearsAndLocks() throws Exception {
        showAlice(1);

        display.lastListener().connectionLost("server closed the connection");

        Transition locked = next();
        assertThat(locked.to()).isEqualTo(LOCKED);
        assertThat(locked.userId()).contains("alice");
        assertThat(callsSinceSession()).containsExactly(
                "clear", "close 10.0.0.5:5901", "LOCKED alice (connection lost: server closed the connection)");
        assertThat(endpoint.lastLockReason().map(Reason::toString)).contains("connection lost: server closed the connection");
    }

    @Test
    void anotherUsersTapClearsTheFirstSessionBeforeShowingTheSecond() throws Exception {
        showAlice(1);
        DisplaySession.Listener aliceLost = display.lastListener();
        broker.then(connect("bob", "10.0.0.6", 5902, 9));

        badge(BOB_BADGE);

        assertThat(next()).extracting(Transition::from, Transition::to, Transition::userId)
                .containsExactly(IN_SESSION, CONNECTING, Optional.of("bob"));
        assertThat(next()).extracting(Transition::from, Transition::to, Transition::userId)
                .containsExactly(CONNECTING, IN_SESSION, Optional.of("bob"));
        assertThat(callsSinceSession()).containsExactly(
                "tap tap-2", "clear", "close 10.0.0.5:5901", "CONNECTING bob (tap-over: alice disconnected)",
                "connect 10.0.0.6:5902", "IN_SESSION bob (connected to DesktopAddress[10.0.0.6:5902] (generation 9))");
        assertThat(broker.requests.get(1).credential()).isEqualTo(BOB_BADGE);

        // Alice's old viewer reporting its end late must not lock Bob's session.
        aliceLost.connectionLost("closed");
        broker.then(new TapDecision.Lock("bob", "tap-out"));
        badge(BOB_BADGE);
        assertThat(next().reason()).isEqualTo(Reason.of(Reason.Kind.TAPPED_OUT, "tap-out"));
        assertThat(calls.calls).filteredOn(c -> c.startsWith("LOCKED")).containsExactly("LOCKED bob (tapped out: tap-out)");
    }

    @Test
    void unknownBadgeReturnsToLockedWithAReason() throws Exception {
        broker.then(new TapDecision.UnknownBadge());

        badge("FFFF0000");

        assertThat(next().to()).isEqualTo(IDENTIFYING);
        assertThat(next()).extracting(Transition::to, Transition::reason).containsExactly(LOCKED, Reason.of(Reason.Kind.UNKNOWN_BADGE));
        assertThat(endpoint.lastLockReason().map(Reason::toString)).contains("unknown badge");
        assertThat(calls.calls).noneMatch(c -> c.startsWith("connect"));
    }

    @Test
    void deniedTapReturnsToLockedWithTheBrokersReason() throws Exception {
        broker.then(new TapDecision.Denied("user alice is disabled"));

        badge(ALICE_BADGE);

        next();
        assertThat(next()).extracting(Transition::to, Transition::reason)
                .containsExactly(LOCKED, Reason.of(Reason.Kind.DENIED, "user alice is disabled"));
    }

    @Test
    void unreachableBrokerLocksWithItsMessageAndTheNextTapStillWorks() throws Exception {
        broker.then(new BrokerUnavailableException("http://broker-a:8080/",
                "broker http://broker-a:8080/ unavailable: Connection refused", null));
        broker.then(connect("alice", "10.0.0.5", 5901, 1));

        badge(ALICE_BADGE);
        next();
        assertThat(next()).extracting(Transition::to, Transition::reason)
                .containsExactly(LOCKED, Reason.of(Reason.Kind.BROKER_UNAVAILABLE,
                        "broker http://broker-a:8080/ unavailable: Connection refused"));

        badge(ALICE_BADGE);
        assertThat(next().to()).isEqualTo(IDENTIFYING);
        assertThat(next().to()).isEqualTo(CONNECTING);
        assertThat(next().to()).isEqualTo(IN_SESSION);
    }

    @Test
    void aBrokerThatThrowsSomethingUnexpectedDoesNotLeaveTheMachineStuck() throws Exception {
        broker.then(new IllegalStateException("bug"));
        broker.then(connect("alice", "10.0.0.5", 5901, 1));

        badge(ALICE_BADGE);
        next();
        assertThat(next()).extracting(Transition::from, Transition::to).containsExactly(IDENTIFYING, LOCKED);

        badge(ALICE_BADGE);
        next();
        next();
        assertThat(next().to()).isEqualTo(IN_SESSION);
    }

    @Test
    void unreachableDesktopClearsAndLocks() throws Exception {
        display.failing.add("10.0.0.5:5901");
        broker.then(connect("alice", "10.0.0.5", 5901, 1));

        badge(ALICE_BADGE);
        next();
        next();

        Transition locked = next();
        assertThat(locked.to()).isEqualTo(LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.DESKTOP_UNREACHABLE, "DesktopAddress[10.0.0.5:5901]: Connection refused"));
        assertThat(calls.calls).containsSubsequence("connect 10.0.0.5:5901", "clear", "LOCKED alice (" + locked.reason() + ")");
    }

    @Test
    void unknownBadgeWhileASessionIsShownKeepsTheSession() throws Exception {
        showAlice(1);
        broker.then(new TapDecision.UnknownBadge());

        badge("FFFF0000");

        assertThat(next().reason()).isEqualTo(Reason.of(Reason.Kind.UNKNOWN_BADGE));
        assertThat(callsSinceSession()).containsExactly("tap tap-2", "ignored (unknown badge)");
        assertThat(endpoint.state()).isEqualTo(IN_SESSION);
        assertThat(endpoint.currentUserId()).contains("alice");
    }

    @Test
    void closingLocksTheScreenAndLeavesNoThread() throws Exception {
        showAlice(1);

        endpoint.close();

        assertThat(callsSinceSession()).containsExactly("clear", "close 10.0.0.5:5901", "LOCKED alice (endpoint closing)");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("rounds-roaming-cart-1"));
        badge(ALICE_BADGE); // ignored after close, no exception
    }

    @Test
    void inputsAreHandledInArrivalOrderOnTheEndpointsOwnThread() throws Exception {
        List<String> threads = new ArrayList<>();
        endpoint.addListener(t -> threads.add(Thread.currentThread().getName()));
        broker.then(connect("alice", "10.0.0.5", 5901, 1))
                .then(new TapDecision.Lock("alice", "tap-out"))
                .then(connect("alice", "10.0.0.5", 5901, 2));

        badge(ALICE_BADGE);
        badge(ALICE_BADGE);
        badge(ALICE_BADGE);

        List<RoamingState> states = new ArrayList<>();
        for (int i = 0; i < 7; i++) states.add(next().to());
        assertThat(states).containsExactly(IDENTIFYING, CONNECTING, IN_SESSION, LOCKED, IDENTIFYING, CONNECTING, IN_SESSION);
        assertThat(broker.requests).extracting(r -> r.tapId()).containsExactly("tap-1", "tap-2", "tap-3");
        assertThat(threads).containsOnly("rounds-roaming-cart-1");
    }

    // --- helpers

    private int sessionMark;

    private void showAlice(long generation) throws InterruptedException {
        broker.then(connect("alice", "10.0.0.5", 5901, generation));
        badge(ALICE_BADGE);
        assertThat(next().to()).isEqualTo(IDENTIFYING);
        assertThat(next().to()).isEqualTo(CONNECTING);
        assertThat(next().to()).isEqualTo(IN_SESSION);
        sessionMark = calls.calls.size();
    }

    private List<String> callsSinceSession() {
        return calls.calls.subList(sessionMark, calls.calls.size());
    }

    private void badge(String id) {
        endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1",
                new Credential(Credential.Technology.SIMULATED, null, id), NOW));
    }

    private Transition next() throws InterruptedException {
        return Fakes.next(transitions, calls);
    }

    private void awaitCall(String call) throws InterruptedException {
        calls.await(call);
    }
}
