package org.rounds.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.Framebuffer;
import org.rounds.roaming.session.RoamingState;

/** Over the real broker, desktop host and RFB: a dropped desktop connection comes back without a tap. */
@Tag("unit")
class SessionReliabilityTest {

    private static Map<String, String> twoCarts() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("cart-1", "cart");
        kinds.put("cart-2", "cart");
        return kinds;
    }

    @Test
    void aDroppedViewerReconnectsToTheSameDesktopWithoutATap() throws Exception {
        try (DemoWorld world = DemoWorld.start(twoCarts())) {
            DemoEndpoint cart1 = world.endpoint("cart-1");
            DemoChecks checks = new DemoChecks();
            cart1.tap(DemoBadge.NURSE);
            checks.awaitState(cart1, RoamingState.IN_SESSION);
            Framebuffer before = cart1.display().framebuffer().orElseThrow();
            for (char c : "K+ 4.1".toCharArray()) {
                cart1.display().sendKey(c, true);
                cart1.display().sendKey(c, false);
            }
            checks.awaitSameAsHost(before, world.desktops(), "nurse", "cart-1");

            world.desktops().disconnect("nurse"); // the network drops the viewer; the desktop keeps running

            checks.awaitState(cart1, RoamingState.RECONNECTING);
            assertThat(before.isBlank()).as("the screen is blank while reconnecting").isTrue();
            checks.awaitState(cart1, RoamingState.IN_SESSION);
            Framebuffer after = cart1.display().framebuffer().orElseThrow();
            checks.awaitSameAsHost(after, world.desktops(), "nurse", "cart-1");
            assertThat(world.endpoint("cart-2").roaming().state()).isEqualTo(RoamingState.LOCKED);
        }
    }

    @Test
    void aViewerDroppedBecauseTheSessionMovedDoesNotComeBack() throws Exception {
        try (DemoWorld world = DemoWorld.start(twoCarts())) {
            DemoEndpoint cart1 = world.endpoint("cart-1"), cart2 = world.endpoint("cart-2");
            DemoChecks checks = new DemoChecks();
            cart1.tap(DemoBadge.NURSE);
            checks.awaitState(cart1, RoamingState.IN_SESSION);
            cart1.push().close(); // cart-1 misses the session-moved push: only the closed viewer tells it

            cart2.tap(DemoBadge.NURSE);
            checks.awaitState(cart2, RoamingState.IN_SESSION);
            checks.awaitState(cart1, RoamingState.LOCKED);
            assertThat(cart1.roaming().lastLockReason().map(Object::toString)).contains("session moved to cart-2");
            assertThat(cart1.display().framebuffer()).isEmpty();
            int[] shown = cart2.display().framebuffer().orElseThrow().copyPixels();
            assertThat(Arrays.stream(shown).anyMatch(p -> p != 0)).isTrue();
        }
    }
}
