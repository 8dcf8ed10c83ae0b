package org.rounds.broker.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per endpoint for the decision routes (taps, PINs, logins): a badge reader stuck
 * sending, or a script guessing PINs, gets 429 instead of the broker's time. A clinician taps at
 * most a few times a minute; the default (burst 20, 5 per second) never meets one.
 */
final class TapRateLimit {
    private final double perSecond;
    private final double burst;
    private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();   // {tokens, last nanos}

    TapRateLimit(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) throw new IllegalArgumentException("rate limit must be positive");
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code endpointId} at {@code nanos}; false when its bucket is empty. */
    boolean allow(String endpointId, long nanos) {
        if (buckets.size() > 100_000) buckets.clear();   // bounded memory whatever ids arrive
        double[] b = buckets.computeIfAbsent(endpointId, k -> new double[] {burst, nanos});
        synchronized (b) {
            b[0] = Math.min(burst, b[0] + (nanos - (long) b[1]) / 1e9 * perSecond);
            b[1] = nanos;
            if (b[0] < 1) return false;
            b[0] -= 1;
            return true;
        }
    }
}
