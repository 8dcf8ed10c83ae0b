package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoChecks;
import org.rounds.cli.demo.DemoEndpoint;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.roaming.session.RoamingState;

/**
 * {@code rounds bench roam}: with the embedded broker and desktop host, the nurse's badge goes
 * back and forth between two carts. Each run measures tap → first frame painted on a locked
 * cart, and a roam A → B (A cleared, then B painted); then the nurse taps out on B, so the
 * next run starts from a session shown nowhere. Prints one JSON object.
 */
public final class RoamBench {
    private final int runs;
    private final PrintStream out;

    public RoamBench(int runs, PrintStream out) {
        if (runs < 1 || runs > 10_000) throw new IllegalArgumentException("--runs " + runs + " is outside 1..10000");
        this.runs = runs;
        this.out = out;
    }

    public int run() throws Exception {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("cart-1", "cart");
        kinds.put("cart-2", "cart");
        long[] tap = new long[runs];
        long[] roam = new long[runs];
        int unsafe = 0;
        try (DemoWorld world = DemoWorld.start(kinds)) {
            DemoEndpoint a = world.endpoint("cart-1"), b = world.endpoint("cart-2");
            DemoChecks checks = new DemoChecks();
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                a.tap(DemoBadge.NURSE);
                checks.awaitState(a, RoamingState.IN_SESSION);
                tap[i] = a.display().paintedAtNanos() - t0;

                long t1 = System.nanoTime();
                b.tap(DemoBadge.NURSE);
                checks.awaitState(b, RoamingState.IN_SESSION);
                roam[i] = b.display().paintedAtNanos() - t1;
                checks.awaitState(a, RoamingState.LOCKED);
                if (a.display().clearedAtNanos() > b.display().paintedAtNanos() || a.display().framebuffer().isPresent()) unsafe++;

                b.tap(DemoBadge.NURSE); // tap-out: the session is shown nowhere for the next run
                checks.awaitState(b, RoamingState.LOCKED);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("bench", "roam");
        result.put("runs", runs);
        result.put("tapToFirstFrameMs", Latencies.summary(tap));
        result.put("roamMs", Latencies.summary(roam));
        result.put("oldEndpointBlankedFirst", runs - unsafe);
        result.put("violations", unsafe);
        this.out.println(new ObjectMapper().writeValueAsString(result));
        return unsafe == 0 ? 0 : 1;
    }
}
