package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerUnavailableException;

/** Session reliability: a dropped desktop connection comes back without a new tap, or locks. */
@Tag("unit")
@Timeout(20)
class ReconnectTest {
    static TapDecision.Connect alice(String host, long generation) {
        return new TapDecision.Connect("alice", "Alice", new DesktopAddress(host, 5901, "otp"), generation, "token-" + generation);
    }

    final IdleLockTest.MovableClock clock = new IdleLockTest.MovableClock();
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(calls);
    final Fakes.FakeDisplay display = new Fakes.FakeDisplay(calls);
    final Fakes.FakePushChannel push = new Fakes.FakePushChannel(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    RoamingEndpoint endpoint;
    int mark;

    @BeforeEach
    void showAlice() throws InterruptedException {
        endpoint = RoamingEndpoint.builder().profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""))
                .broker(broker).display(display).screen(new Fakes.FakeScreen(calls)).clock(clock).idleLock(Duration.ZERO).build();
        endpoint.addListener(t -> {
            calls.add(t.to() + " " + t.reason());
            transitions.add(t);
        });
        broker.then(alice("10.0.0.5", 4));
        endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1",
                new Credential(Credential.Technology.SIMULATED, null, "0451A2B3C4"), clock.instant()));
        next();
        next();
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        mark = calls.calls.size();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    @Test
    void aDroppedConnectionBlanksThenComesBackWithoutATap() throws Exception {
        broker.thenReconnect(alice("10.0.0.6", 4));

        display.lastListener().connectionLost("peer closed the connection");

        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);
        Transition back = next();
        assertThat(back.to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(back.userId()).contains("alice");
        assertThat(since()).containsExactly("clear", "close 10.0.0.5:5901",
                "RECONNECTING reconnecting: peer closed the connection", "reconnect alice gen 4", "connect 10.0.0.6:5901",
                "IN_SESSION connected to DesktopAddress[10.0.0.6:5901] (generation 4, reconnected)");
        assertThat(broker.reconnects).singleElement().satisfies(r -> {
            assertThat(r.endpointId()).isEqualTo("cart-1");
            assertThat(r.reconnectToken()).isEqualTo("token-4");
        });
    }

    @Test
    void aSessionThatMovedMeanwhileLocks() throws Exception {
        broker.thenReconnect(new TapDecision.Lock("alice", "cart-2"));

        display.lastListener().connectionLost("peer closed the connection");

        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);
        Transition locked = next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.SESSION_MOVED, "cart-2"));
        assertThat(since()).doesNotContain("connect 10.0.0.6:5901");
    }

    @Test
    void aRefusedReconnectLocksAtOnceSayingWhyAndIsNotRetried() throws Exception {
        String why = "the session dropped more than 180 s ago and is closed on this endpoint; tap your badge to open it again";
        broker.thenReconnect(new TapDecision.Denied(why));

        display.lastListener().connectionLost("peer closed the connection");

        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);
        Transition locked = next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.CONNECTION_LOST, why));
        assertThat(broker.reconnects).hasSize(1);
        assertThat(since()).doesNotContain("connect 10.0.0.6:5901");
    }

    @Test
    void anUnreachableBrokerIsRetriedWithBackoff() throws Exception {
        broker.thenReconnect(new BrokerUnavailableException("http://b/", "broker http://b/ unavailable: Connection refused", null));
        broker.thenReconnect(alice("10.0.0.6", 4));

        display.lastListener().connectionLost("network down");

        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(broker.reconnects).hasSize(2);
    }

    @Test
    void afterTheReconnectTimeTheEndpointLocks() throws Exception {
        broker.thenReconnect(new BrokerUnavailableException("http://b/", "broker http://b/ unavailable: Connection refused", null));
        broker.thenReconnect(new BrokerUnavailableException("http://b/", "broker http://b/ unavailable: Connection refused", null));

        display.lastListener().connectionLost("network down");
        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);
        clock.advance(Duration.ofSeconds(181)); // the next attempt finds the time up

        Transition locked = next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason().kind()).isEqualTo(Reason.Kind.CONNECTION_LOST);
        assertThat(locked.reason().detail()).startsWith("no reconnect within 180 s");
    }

    @Test
    void aSessionMovedPushWhileReconnectingLocksAndIsAcknowledged() throws Exception {
        broker.thenReconnect(new BrokerUnavailableException("http://b/", "broker http://b/ unavailable: timed out", null));
        display.lastListener().connectionLost("network down");
        assertThat(next().to()).isEqualTo(RoamingState.RECONNECTING);

        endpoint.onPush(new PushEvent.SessionMoved("ev-9", "alice", "cart-2", 5), push);

        Transition locked = next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.SESSION_MOVED, "cart-2"));
        calls.await("ack ev-9");
        // Sleeps on purpose: the retry scheduled before the push (500 ms backoff) must find the endpoint
        // locked and do nothing, and a retry that does nothing leaves no mark to wait for.
        Thread.sleep(700);
        assertThat(broker.reconnects).hasSize(1);
    }

    private List<String> since() {
        return calls.calls.subList(mark, calls.calls.size());
    }

    private Transition next() throws InterruptedException {
        return Fakes.next(transitions, calls);
    }
}
