package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rounds bench broker --tenants N} (N above 1): does sharing the brokers among practices
 * cost the clinicians anything, and can one practice starve the others? Every endpoint is
 * enrolled and taps over mutual TLS, its practice taken from its certificate as in a hospital,
 * in three runs at the same total load:
 * <ol>
 *   <li>every endpoint in one practice (the single-tenant run);</li>
 *   <li>the same endpoints split in N practices set up alike (the same endpoint ids and badge
 *       numbers in each): its p99 against the first's is {@code p99VsSingleTenant};</li>
 *   <li>the same again while practice A ({@code practice-000}, held to {@value BrokerBench#PRACTICE_A_LIMIT}
 *       taps/s on each broker) taps at twice its limit, in turns of 5 s on and 5 s off
 *       ({@link FloodWindows}): the other practices' p99 while it does against their p99 while it
 *       does not, in the same run, is {@code practiceAtLimit.othersP99Ratio}.</li>
 * </ol>
 * Prints one JSON object: the second run's report with {@code singleTenant} and {@code
 * practiceAtLimit} beside it, and the goal (both ratios at most 1.10).
 */
final class PracticesBench {
    private final BrokerBench bench;
    private final int brokers, tenants;
    private final PrintStream out;

    PracticesBench(BrokerBench bench, int brokers, int tenants, PrintStream out) {
        this.bench = bench;
        this.brokers = brokers;
        this.tenants = tenants;
        this.out = out;
    }

    int run(String url) throws Exception {
        int endpoints = bench.endpoints();
        Map<String, Object> single = bench.measure(url, new LoadLayout(endpoints, 1), 0).get(0);
        // practice A taps twice what its limit lets through, spread over the brokers as its endpoints are
        double flood = 2 * BrokerBench.PRACTICE_A_LIMIT * brokers;
        List<Map<String, Object>> runs = bench.measure(url, new LoadLayout(endpoints, tenants), flood);
        Map<String, Object> alone = runs.get(0), atLimit = runs.get(1);
        Map<String, Object> r = new LinkedHashMap<>(alone);
        r.remove("goal");
        for (String k : List.of("othersTapLatencyMs", "othersTapLatencyMsFloodOn", "othersTapLatencyMsFloodOff", "practiceA")) r.remove(k);
        Map<String, Object> s = new LinkedHashMap<>();
        for (String k : List.of("tapsPerSecond", "tapLatencyMs", "errors", "endpointsHeld", "longestGcPauseMs", "shedRequests"))
            s.put(k, single.get(k));
        if (single.containsKey("firstError")) s.put("firstError", single.get("firstError"));
        r.put("singleTenant", s);
        r.put("p99VsSingleTenant", ratio(p99(alone.get("tapLatencyMs")), p99(single.get("tapLatencyMs"))));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("practice", new LoadLayout(endpoints, tenants).practiceName(0));
        a.put("limitTapsPerSecondPerBroker", BrokerBench.PRACTICE_A_LIMIT);
        a.put("offeredTapsPerSecond", flood);
        a.putAll(castMap(atLimit.get("practiceA")));
        a.put("othersTapLatencyMs", atLimit.get("othersTapLatencyMsFloodOn"));
        a.put("othersTapLatencyMsBetween", atLimit.get("othersTapLatencyMsFloodOff"));
        a.put("othersTapLatencyMsRunBefore", alone.get("othersTapLatencyMs"));
        a.put("othersP99Ratio", ratio(p99(atLimit.get("othersTapLatencyMsFloodOn")), p99(atLimit.get("othersTapLatencyMsFloodOff"))));
        a.put("errors", atLimit.get("errors"));
        if (atLimit.containsKey("firstError")) a.put("firstError", atLimit.get("firstError"));
        r.put("practiceAtLimit", a);
        r.put("goal", "p99VsSingleTenant <= 1.10 and practiceAtLimit.othersP99Ratio <= 1.10, 0 errors");
        out.println(new ObjectMapper().writeValueAsString(r));
        int errors = (int) single.get("errors") + (int) alone.get("errors") + (int) atLimit.get("errors");
        return errors == 0 ? 0 : 1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    private static double p99(Object summary) {
        Object v = castMap(summary).get("p99");
        return v instanceof Number n ? n.doubleValue() : -1;
    }

    private static double ratio(double a, double b) {
        return a <= 0 || b <= 0 ? -1 : Math.round(100 * a / b) / 100.0;
    }
}
