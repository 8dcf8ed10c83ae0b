package org.rounds.cli.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latency percentiles as the benches print them: nearest-rank, in milliseconds with two decimals. */
final class Latencies {
    private Latencies() {}

    /** p50, p95, p99 and max of {@code nanos}; empty for no samples. */
    static Map<String, Double> summary(long[] nanos) {
        Map<String, Double> p = new LinkedHashMap<>();
        if (nanos.length == 0) return p;
        long[] s = nanos.clone();
        Arrays.sort(s);
        p.put("p50", ms(rank(s, 0.50)));
        p.put("p95", ms(rank(s, 0.95)));
        p.put("p99", ms(rank(s, 0.99)));
        p.put("max", ms(s[s.length - 1]));
        return p;
    }

    private static long rank(long[] sorted, double q) {
        return sorted[(int) Math.ceil(q * sorted.length) - 1];
    }

    static double ms(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
