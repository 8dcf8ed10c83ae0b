package org.rounds.broker.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source, in a map bounded by forgetting the least recently seen source. The
 * old limiter cleared every bucket once it held 100,000 keys, so a flood of made-up ids refilled
 * everyone's, the flooder's own included. Here a flood only pushes out sources that have gone
 * quiet, and a quiet source's bucket has refilled anyway (burst / perSecond seconds), so
 * forgetting it loses nothing unless more than {@code maxSources} sources are throttled at once.
 * Time is the caller's monotonic nanos.
 */
final class SourceBuckets {
    private final double perSecond;
    private final double burst;
    private final Map<String, Bucket> buckets;   // access order

    private static final class Bucket {
        double tokens;
        long at;
    }

    SourceBuckets(SourceLimits.Rate rate, int maxSources) {
        this.perSecond = rate.perSecond();
        this.burst = rate.burst();
        this.buckets = lru(maxSources);
    }

    /** Takes one token for {@code source}: 0 when taken, else the whole seconds until one is there (at least 1). */
    synchronized long take(String source, long nanos) {
        Bucket b = refilled(source, nanos);
        if (b.tokens < 1) return secondsUntilToken(b.tokens);
        b.tokens -= 1;
        return 0;
    }

    /** Like {@link #take} without taking: 0 when {@code source} has a token left. */
    synchronized long waitFor(String source, long nanos) {
        Bucket b = refilled(source, nanos);
        return b.tokens < 1 ? secondsUntilToken(b.tokens) : 0;
    }

    synchronized int size() {
        return buckets.size();
    }

    private Bucket refilled(String source, long nanos) {
        Bucket b = buckets.get(source);
        if (b == null) {
            b = new Bucket();
            b.tokens = burst;
            b.at = nanos;
            buckets.put(source, b);
        }
        b.tokens = Math.min(burst, b.tokens + Math.max(0, nanos - b.at) / 1e9 * perSecond);
        b.at = Math.max(b.at, nanos);   // a racing caller's older reading must not refill twice
        return b;
    }

    private long secondsUntilToken(double tokens) {
        return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    /** A map that forgets its least recently used entry past {@code max} entries. Not thread-safe. */
    static <V> Map<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }
}
