package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rounds.roaming.session.Fakes.connect;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;

/** Idle lock, driven by a clock the test moves: nothing sleeps. */
@Tag("unit")
@Timeout(20)
class IdleLockTest {
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-11-23T08:00:00Z");
        @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    final MovableClock clock = new MovableClock();
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.ScriptedBroker broker = new Fakes.ScriptedBroker(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    RoamingEndpoint endpoint;

    RoamingEndpoint start(Duration idle) throws InterruptedException {
        endpoint = RoamingEndpoint.builder()
                .profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""))
                .broker(broker).display(new Fakes.FakeDisplay(calls)).screen(new Fakes.FakeScreen(calls))
                .clock(clock).idleLock(idle).build();
        endpoint.addListener(t -> {
            calls.add(t.to() + " " + t.reason());
            transitions.add(t);
        });
        broker.then(connect("alice", "10.0.0.5", 5901, 1));
        endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1",
                new Credential(Credential.Technology.SIMULATED, null, "0451A2B3C4"), clock.instant()));
        next();
        next();
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        return endpoint;
    }

    @AfterEach
    void close() {
        if (endpoint != null) endpoint.close();
    }

    @Test
    void anUntouchedSessionLocksAfterTheIdleTimeClearingTheScreenFirst() throws Exception {
        start(Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        endpoint.tick();
        assertThat(transitions.poll(200, TimeUnit.MILLISECONDS)).isNull();

        clock.advance(Duration.ofSeconds(1));
        endpoint.tick();

        Transition locked = next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.IDLE_TIMEOUT, "5 min"));
        List<String> tail = calls.calls.subList(calls.calls.indexOf("clear"), calls.calls.size());
        assertThat(tail).containsExactly("clear", "close 10.0.0.5:5901", "LOCKED locked after 5 min idle");
    }

    @Test
    void activityKeepsTheSessionOpen() throws Exception {
        start(Duration.ofMinutes(5));
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMinutes(4));
            endpoint.userActivity();
            endpoint.tick();
        }
        assertThat(transitions.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(endpoint.state()).isEqualTo(RoamingState.IN_SESSION);
    }

    @Test
    void zeroMeansNeverForKiosks() throws Exception {
        start(Duration.ZERO);
        clock.advance(Duration.ofDays(1));
        endpoint.tick();
        assertThat(transitions.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    private Transition next() throws InterruptedException {
        return Fakes.next(transitions, calls);
    }
}
