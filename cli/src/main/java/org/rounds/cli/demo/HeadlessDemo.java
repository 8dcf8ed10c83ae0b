package org.rounds.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.Framebuffer;
import org.rounds.roaming.session.RoamingState;

/**
 * The scripted roaming demo: tap on cart-1, type, roam to cart-2, tap out. Every step checks
 * what a user would see (states, pixels, which screen blanked first) and prints one JSON line
 * with its elapsed milliseconds. Returns 0 when every check held.
 */
public final class HeadlessDemo {

    static final String TYPED = "BP 120/80";

    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final DemoChecks checks = new DemoChecks();

    public HeadlessDemo(PrintStream out) {
        this.out = out;
    }

    public int run() {
        long[] ms = new long[4];
        int step = 0;
        try (DemoWorld world = DemoWorld.start(Map.of("cart-1", "cart", "cart-2", "cart"))) {
            DemoEndpoint cart1 = world.endpoint("cart-1");
            DemoEndpoint cart2 = world.endpoint("cart-2");
            DesktopPool host = world.desktops();
            String nurse = DemoBadge.NURSE.userId().orElseThrow();

            step = 1;
            long t = System.nanoTime();
            cart1.tap(DemoBadge.NURSE);
            checks.awaitState(cart1, RoamingState.IN_SESSION);
            Framebuffer fb1 = cart1.display().framebuffer()
                    .orElseThrow(() -> new DemoFailure("cart-1 is IN_SESSION but shows no framebuffer"));
            ms[0] = elapsed(t);
            checks.awaitSameAsHost(fb1, host, nurse, "cart-1");
            print(step, "nurse taps on cart-1", ms[0], List.of("cart-1 IN_SESSION", "first full frame decoded",
                    "cart-1 shows the nurse's desktop pixel for pixel"));

            step = 2;
            t = System.nanoTime();
            int[] before = host.snapshot(nurse).orElseThrow().pixels();
            for (char c : TYPED.toCharArray()) {
                cart1.display().sendKey(c, true);
                cart1.display().sendKey(c, false);
            }
            checks.awaitHostChanged(host, nurse, before);
            checks.awaitSameAsHost(fb1, host, nurse, "cart-1");
            ms[1] = elapsed(t);
            print(step, "cart-1 types \"" + TYPED + "\"", ms[1], List.of("the desktop host rendered the typed text",
                    "cart-1 shows the updated desktop pixel for pixel"));

            step = 3;
            t = System.nanoTime();
            cart2.tap(DemoBadge.NURSE);
            checks.awaitState(cart2, RoamingState.IN_SESSION);
            ms[2] = elapsed(t);
            checks.awaitState(cart1, RoamingState.LOCKED);
            if (!fb1.isBlank()) throw new DemoFailure("cart-1 is LOCKED but its framebuffer still holds pixels");
            if (cart1.display().framebuffer().isPresent()) throw new DemoFailure("cart-1 still shows a framebuffer");
            if (cart1.display().clearedAtNanos() == 0 || cart1.display().clearedAtNanos() > cart2.display().paintedAtNanos())
                throw new DemoFailure("cart-2 painted the session before cart-1 blanked");
            Framebuffer fb2 = cart2.display().framebuffer()
                    .orElseThrow(() -> new DemoFailure("cart-2 is IN_SESSION but shows no framebuffer"));
            checks.awaitSameAsHost(fb2, host, nurse, "cart-2");
            if (Arrays.equals(fb2.copyPixels(), before))
                throw new DemoFailure("cart-2 shows the desktop as it was before \"" + TYPED + "\" was typed");
            print(step, "nurse taps on cart-2 (roam)", ms[2], List.of("cart-1 LOCKED with its framebuffer cleared",
                    "cart-1 blanked before cart-2 painted", "cart-2 IN_SESSION",
                    "cart-2 shows the nurse's desktop with \"" + TYPED + "\" pixel for pixel"));

            step = 4;
            t = System.nanoTime();
            cart2.tap(DemoBadge.NURSE);
            checks.awaitState(cart2, RoamingState.LOCKED);
            ms[3] = elapsed(t);
            if (!fb2.isBlank()) throw new DemoFailure("cart-2 is LOCKED but its framebuffer still holds pixels");
            print(step, "nurse taps on cart-2 again (tap-out)", ms[3], List.of("cart-2 LOCKED", "framebuffer cleared"));
        } catch (RuntimeException e) { // DemoFailure: a check that did not hold
            String what = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("step", step);
            line.put("ok", false);
            line.put("error", what);
            out.println(toJson(line));
            out.println("demo failed at step " + step + ": " + what);
            return 1;
        }
        out.printf("demo ok: tap-to-desktop %d ms, roam %d ms, tap-out %d ms%n", ms[0], ms[2], ms[3]);
        return 0;
    }

    private void print(int step, String action, long ms, List<String> checked) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        line.put("action", action);
        line.put("ok", true);
        line.put("elapsedMs", ms);
        line.put("checks", new ArrayList<>(checked));
        out.println(toJson(line));
    }

    private String toJson(Map<String, Object> line) {
        try {
            return json.writeValueAsString(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
