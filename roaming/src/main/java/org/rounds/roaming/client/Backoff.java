package org.rounds.roaming.client;

import java.time.Duration;

/** Exponential reconnect delays: initial, 2×, 4×, ... capped at max. */
record Backoff(Duration initial, Duration max) {

    Backoff {
        if (initial.isNegative() || initial.isZero()) throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        if (max.compareTo(initial) < 0) throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
    }

    /** The delay before reconnect attempt {@code failures} (1 = after the first failure). */
    Duration delay(int failures) {
        if (failures <= 1) return initial;
        int shift = Math.min(failures - 1, 30); // 2^30 × anything ≥ 1 ns already exceeds any sane max
        long nanos = initial.toNanos();
        return nanos > (max.toNanos() >> shift) ? max : Duration.ofNanos(nanos << shift);
    }
}
