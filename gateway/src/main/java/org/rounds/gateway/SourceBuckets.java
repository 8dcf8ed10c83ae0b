package org.rounds.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per outside address, in a map bounded by forgetting the least recently seen
 * address: a flood of new addresses pushes out only quiet ones, whose buckets had refilled anyway.
 * Time is the caller's monotonic nanos.
 */
final class SourceBuckets {
    private final double perSecond;
    private final double burst;
    private final Map<String, double[]> buckets;   // {tokens, at nanos}, access order

    SourceBuckets(GatewayLimits.Rate rate, int maxSources) {
        this.perSecond = rate.perSecond();
        this.burst = rate.burst();
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token for {@code source}: 0 when taken, else the whole seconds until one is there (at least 1). */
    synchronized long take(String source, long nanos) {
        double[] b = buckets.computeIfAbsent(source, s -> new double[] {burst, nanos});
        b[0] = Math.min(burst, b[0] + Math.max(0, nanos - b[1]) / 1e9 * perSecond);
        b[1] = Math.max(b[1], nanos);
        if (b[0] < 1) return Math.max(1, (long) Math.ceil((1 - b[0]) / perSecond));
        b[0] -= 1;
        return 0;
    }
}
