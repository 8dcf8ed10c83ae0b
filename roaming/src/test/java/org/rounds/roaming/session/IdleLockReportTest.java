package org.rounds.roaming.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rounds.roaming.session.Fakes.connect;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.BrokerRejectedException;

/**
 * The idle lock is reported to the broker without ever holding up the lock: the screen clears
 * at once whatever the broker does (hangs, is down everywhere, throws), and a report the brokers
 * never take is dropped after its bound.
 */
@Tag("unit")
@Timeout(30)
class IdleLockReportTest {
    final IdleLockTest.MovableClock clock = new IdleLockTest.MovableClock();
    final Fakes.CallLog calls = new Fakes.CallLog();
    final Fakes.ScriptedBroker taps = new Fakes.ScriptedBroker(calls);
    final BlockingQueue<Transition> transitions = new LinkedBlockingQueue<>();
    final BlockingQueue<IdleLockReport> reports = new LinkedBlockingQueue<>();
    RoamingEndpoint endpoint;
    BrokerClient client;

    /** What the broker does with an idle-lock report. */
    @FunctionalInterface
    interface IdleLocks {
        void idleLock(IdleLockReport r) throws BrokerException;
    }

    /** Taps answered from the script; idle-lock reports go to {@code idleLocks}. */
    private BrokerCalls broker(IdleLocks idleLocks) {
        return new BrokerCalls() {
            @Override public TapDecision tap(TapRequest r) throws BrokerException { return taps.tap(r); }

            @Override public void idleLock(IdleLockReport r) throws BrokerException {
                reports.add(r);
                idleLocks.idleLock(r);
            }
        };
    }

    /** The retry waits, a tenth of the shipped 1 s and 5 s, so the bound is seen in under a second. */
    private static final List<Duration> RETRIES = List.of(Duration.ofMillis(100), Duration.ofMillis(500));

    private void startInSession(BrokerCalls broker) throws InterruptedException {
        endpoint = RoamingEndpoint.builder().profile(new EndpointProfile("cart-1", EndpointProfile.Kind.CART, ""))
                .broker(broker).display(new Fakes.FakeDisplay(calls)).screen(new Fakes.FakeScreen(calls))
                .clock(clock).idleLock(Duration.ofMinutes(5)).idleLockRetries(RETRIES).build();
        endpoint.addListener(t -> {
            calls.add(t.to() + " " + t.reason());
            transitions.add(t);
        });
        taps.then(new TapDecision.Connect("alice", "Dr alice", connect("alice", "10.0.0.5", 5901, 4).desktop(), 4, "token-4"));
        tap();
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        assertThat(next().to()).isEqualTo(RoamingState.CONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
    }

    private void tap() {
        endpoint.onEvent(new ReaderEvent.BadgePresented("sim:cart-1",
                new Credential(Credential.Technology.SIMULATED, null, "0451A2B3C4"), clock.instant()));
    }

    /** Idles past the lock and returns the ns from the tick to the LOCKED transition. */
    private long idleAndLock() throws InterruptedException {
        clock.advance(Duration.ofMinutes(5));
        long ticked = System.nanoTime();
        endpoint.tick();
        Transition locked = next();
        long took = System.nanoTime() - ticked;
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.IDLE_TIMEOUT, "5 min"));
        assertThat(calls.calls).contains("clear");
        return took;
    }

    @AfterEach
    void close() {
        if (endpoint != null) endpoint.close();
        if (client != null) client.close();
    }

    @Test
    void theIdleLockReportsTheSessionItShowedWithItsToken() throws Exception {
        startInSession(broker(r -> {}));
        idleAndLock();
        IdleLockReport r = reports.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r).isEqualTo(new IdleLockReport("cart-1", "alice", 4, "token-4", clock.instant()));
    }

    @Test
    void aBrokerThatHangsNeitherDelaysTheLockNorTheNextTap() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        startInSession(broker(r -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        long took = idleAndLock();
        assertThat(TimeUnit.NANOSECONDS.toMillis(took)).as("ms from the idle tick to the clear screen").isLessThan(100);
        assertThat(reports.poll(5, TimeUnit.SECONDS)).as("the report is under way, and hangs").isNotNull();

        taps.then(connect("alice", "10.0.0.5", 5901, 5));
        tap();   // the endpoint thread is free: the next tap is decided while the report still hangs
        assertThat(next().to()).isEqualTo(RoamingState.IDENTIFYING);
        assertThat(next().to()).isEqualTo(RoamingState.CONNECTING);
        assertThat(next().to()).isEqualTo(RoamingState.IN_SESSION);
        release.countDown();
    }

    @Test
    void withEveryBrokerDownTheLockClearsAtOnceAndTheReportIsDroppedAfterItsBound() throws Exception {
        client = BrokerClient.builder().broker(org.rounds.roaming.client.IdleLockCallTestAccess.deadBrokerUrl())
                .broker(org.rounds.roaming.client.IdleLockCallTestAccess.deadBrokerUrl())
                .probeInterval(Duration.ZERO).build();
        startInSession(broker(client::idleLock));
        long took = idleAndLock();
        assertThat(TimeUnit.NANOSECONDS.toMillis(took)).as("ms from the idle tick to the clear screen").isLessThan(100);

        // 1 + RETRIES.size() attempts (100 ms, then 500 ms apart), each over both brokers, then no more.
        int bound = 1 + RETRIES.size();
        for (int i = 0; i < bound; i++) assertThat(reports.poll(15, TimeUnit.SECONDS)).as("attempt %d", i + 1).isNotNull();
        assertThat(reports.poll(1500, TimeUnit.MILLISECONDS)).as("no attempt after the bound (three times the last wait)").isNull();
        assertThat(endpoint.state()).isEqualTo(RoamingState.LOCKED);
        assertThat(endpoint.lastLockReason()).contains(Reason.of(Reason.Kind.IDLE_TIMEOUT, "5 min"));
        assertThat(transitions.poll(100, TimeUnit.MILLISECONDS)).as("nothing else happened (no internal-error lock)").isNull();
    }

    @Test
    void aReporterThatThrowsOrIsRefusedStaysQuietAndKeepsReporting() throws Exception {
        List<IdleLocks> answers = List.of(
                r -> { throw new IllegalStateException("bug in a broker client"); },
                r -> { throw new BrokerRejectedException("b1", 403, "broker b1 refused (HTTP 403): not yours"); });
        for (IdleLocks answer : answers) {
            try (IdleLockReporter reporter = new IdleLockReporter("cart-1", broker(answer), List.of(Duration.ofMillis(10)))) {
                IdleLockReport r = new IdleLockReport("cart-1", "alice", 4, "token-4", clock.instant());
                reporter.accept(r);
                assertThat(reports.poll(5, TimeUnit.SECONDS)).isEqualTo(r);
                assertThat(reports.poll(300, TimeUnit.MILLISECONDS)).as("neither a bug nor a refusal is retried").isNull();
                reporter.accept(r);
                assertThat(reports.poll(5, TimeUnit.SECONDS)).as("the reporter still works").isEqualTo(r);
            }
        }
    }

    private Transition next() throws InterruptedException {
        return Fakes.next(transitions, calls);
    }
}
