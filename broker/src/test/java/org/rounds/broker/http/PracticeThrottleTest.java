package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.store.PracticeLimits;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.takeover.PracticeLimitReached;

/** Each practice's taps a second: one practice at its limit is refused in one line, the other goes on. */
@Tag("unit")
class PracticeThrottleTest {
    static final Tenant A = new Tenant("practice-a"), B = new Tenant("practice-b"), C = new Tenant("practice-c");
    /** The broker's other slots all taken: a practice gets its share and no more. */
    static final java.util.function.IntSupplier NONE_FREE = () -> 0;
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final AtomicInteger reads = new AtomicInteger();
    final Map<Tenant, PracticeLimits> limits = new java.util.concurrent.ConcurrentHashMap<>(Map.of(
            A, new PracticeLimits(0, 2), B, new PracticeLimits(0, 2), C, new PracticeLimits(0, 100), Tenant.DEFAULT, PracticeLimits.NONE));
    final PracticeThrottle throttle = new PracticeThrottle(() -> {
        reads.incrementAndGet();
        return Map.copyOf(limits);
    }, nanos::get, 24);

    @Test
    void aPracticeAtItsLimitIsRefusedWithTheLimitAndTheWaitWhileTheOtherIsAnswered() throws Exception {
        for (int i = 0; i < 4; i++) throttle.admit(A, NONE_FREE);   // a burst of two seconds' worth

        assertThatThrownBy(() -> throttle.admit(A, NONE_FREE)).isInstanceOf(PracticeLimitReached.class)
                .hasMessage("practice practice-a is at its limit of 2 taps a second on this broker; wait 1 s and tap again "
                        + "(an administrator sets the practice's limits)")
                .extracting(e -> ((PracticeLimitReached) e).retryAfterSeconds()).isEqualTo(1L);
        for (int i = 0; i < 4; i++) throttle.admit(B, NONE_FREE);
        for (int i = 0; i < 1000; i++) throttle.admit(Tenant.DEFAULT, NONE_FREE);   // no limit set: none

        nanos.addAndGet(500_000_000L);   // half a second: one token back
        throttle.admit(A, NONE_FREE);
        assertThatThrownBy(() -> throttle.admit(A, NONE_FREE)).isInstanceOf(PracticeLimitReached.class);
    }

    @Test
    void everyPracticesLimitsAreReadInOneGoAndAgainAfterFiveSecondsNotOnEveryTap() throws Exception {
        throttle.admit(A, NONE_FREE);
        throttle.admit(A, NONE_FREE);
        throttle.admit(B, NONE_FREE);
        throttle.admit(C, NONE_FREE);
        assertThat(reads).as("one read for every practice").hasValue(1);
        limits.put(A, new PracticeLimits(0, 0));   // an admin lifts A's limit
        nanos.addAndGet(PracticeThrottle.LIMITS_NANOS);
        for (int i = 0; i < 100; i++) throttle.admit(A, NONE_FREE);
        assertThat(reads).hasValue(2);
    }

    @Test
    void aReadThatFailsKeepsTheLastLimitsUntilTheNextTry() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        PracticeThrottle t = new PracticeThrottle(() -> {
            reads.incrementAndGet();
            if (down.get()) throw new java.sql.SQLException("connection refused");
            return Map.copyOf(limits);
        }, nanos::get, 24);
        for (int i = 0; i < 4; i++) t.admit(A, NONE_FREE).close();
        down.set(true);
        nanos.addAndGet(PracticeThrottle.LIMITS_NANOS);   // 5 s: tokens back, and time to read again, which fails
        for (int i = 0; i < 4; i++) t.admit(A, NONE_FREE).close();
        assertThatThrownBy(() -> t.admit(A, NONE_FREE)).as("still held to the last limits").isInstanceOf(PracticeLimitReached.class);
        assertThat(reads).as("one try, not one a tap").hasValue(2);
    }

    @Test
    void aPracticeHasAQuarterOfTheSlotsOfItsOwnAndTakesMoreOnlyWhileAShareIsLeftFree() throws Exception {
        assertThat(throttle.share()).isEqualTo(6);
        java.util.List<PracticeThrottle.Admitted> held = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) held.add(throttle.admit(C, NONE_FREE));   // within its rate: six of its taps wait on one user's lock

        assertThatThrownBy(() -> throttle.admit(C, NONE_FREE)).isInstanceOf(PracticeLimitReached.class)
                .hasMessage("practice practice-c has 6 decisions in progress on this broker, its share of them; tap again in 1 s "
                        + "(an administrator sets the practice's limits)");
        try (PracticeThrottle.Admitted b = throttle.admit(B, NONE_FREE)) {
            assertThat(b).isNotNull();   // another practice is not held by C's
        }
        for (int i = 0; i < 100; i++) held.add(throttle.admit(Tenant.DEFAULT, NONE_FREE));   // the hospital itself: no share

        held.get(0).close();   // one of C's decisions is done
        held.add(throttle.admit(C, NONE_FREE));
        assertThatThrownBy(() -> throttle.admit(C, NONE_FREE)).isInstanceOf(PracticeLimitReached.class);

        // slots nobody else needs now: C takes them, until a share's worth is left for the others
        held.add(throttle.admit(C, () -> 7));
        assertThatThrownBy(() -> throttle.admit(C, () -> 6)).isInstanceOf(PracticeLimitReached.class);
        held.forEach(PracticeThrottle.Admitted::close);
    }
}
