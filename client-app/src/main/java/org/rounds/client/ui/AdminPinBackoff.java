package org.rounds.client.ui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Slows down guessing the kiosk's admin PIN at the kiosk itself: after {@code freeTries} wrong
 * PINs, no try is accepted (not even the right PIN) for {@code firstWait}, and each wrong PIN
 * after that waits twice as long as the one before, up to {@code maxWait}. The right PIN, when a
 * try is accepted, starts over. Kept in memory only: an endpoint writes nothing to its disk, and
 * a restart of the kiosk is itself a visible, slow act.
 */
final class AdminPinBackoff {
    static final int FREE_TRIES = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration MAX_WAIT = Duration.ofHours(1);

    private final Clock clock;
    private final int freeTries;
    private final Duration firstWait;
    private final Duration maxWait;
    private int wrong;
    private Instant refusedUntil = Instant.MIN;

    AdminPinBackoff(Clock clock) {
        this(clock, FREE_TRIES, FIRST_WAIT, MAX_WAIT);
    }

    AdminPinBackoff(Clock clock, int freeTries, Duration firstWait, Duration maxWait) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (freeTries < 1) throw new IllegalArgumentException("free tries must be at least 1, got " + freeTries);
        this.freeTries = freeTries;
        this.firstWait = Objects.requireNonNull(firstWait, "firstWait");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    }

    /** How long tries are still refused, rounded up to whole seconds; empty when a try may be made now. */
    Optional<Duration> refusedFor() {
        Duration left = Duration.between(clock.instant(), refusedUntil);
        if (left.isNegative() || left.isZero()) return Optional.empty();
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Optional.of(Duration.ofSeconds(seconds));
    }

    /** A wrong PIN was tried: from the {@code freeTries}-th on, refuse the next tries for a doubling wait. */
    void wrong() {
        wrong++;
        if (wrong < freeTries) return;
        int doublings = Math.min(wrong - freeTries, 30);
        Duration wait = firstWait.multipliedBy(1L << doublings);
        refusedUntil = clock.instant().plus(wait.compareTo(maxWait) > 0 ? maxWait : wait);
    }

    /** The right PIN was accepted: the count starts over. */
    void right() {
        wrong = 0;
        refusedUntil = Instant.MIN;
    }
}
