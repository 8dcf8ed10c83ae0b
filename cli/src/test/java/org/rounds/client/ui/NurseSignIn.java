package org.rounds.client.ui;

import java.time.Duration;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoEndpoint;
import org.rounds.roaming.session.RoamingState;
import org.rounds.testpeers.Await;

/** The nurse signing in on a demo cart, for window tests that need her session first. */
final class NurseSignIn {
    private NurseSignIn() {}

    /**
     * The nurse's badge on {@code cart} until her session shows: on a shared machine the cold first
     * tap (the host starts her desktop) may outlast the broker client's 2 s deadline, and the
     * endpoint then locks with "broker unavailable", as it should; her next tap then connects.
     */
    static void on(DemoEndpoint cart) {
        long[] tappedAt = {0};
        Await.until(Duration.ofSeconds(40), () -> "the nurse's session on cart-1, now " + cart.roaming().state(), () -> {
            if (cart.roaming().state() == RoamingState.IN_SESSION) return true;
            if (cart.roaming().state() == RoamingState.LOCKED && System.nanoTime() - tappedAt[0] > 3_000_000_000L) {
                tappedAt[0] = System.nanoTime();   // past the reader's 1.5 s debounce
                cart.tap(DemoBadge.NURSE);
            }
            return false;
        });
    }
}
