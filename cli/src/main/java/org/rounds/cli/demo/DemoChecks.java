package org.rounds.cli.demo;

import java.time.Duration;
import java.util.Arrays;
import org.rounds.broker.api.DesktopPool;
import org.rounds.display.Framebuffer;
import org.rounds.roaming.session.RoamingState;

/** Waits, bounded, for what the demo and benchmarks expect to see; each failure names what was seen instead. */
public final class DemoChecks {
    private static final Duration LIMIT = Duration.ofSeconds(10);

    public void awaitState(DemoEndpoint e, RoamingState wanted) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (e.roaming().state() != wanted) {
            if (System.nanoTime() > end) {
                throw new DemoFailure(e.id() + " is " + e.roaming().state() + ", not " + wanted + " after "
                        + LIMIT.toSeconds() + " s" + e.roaming().lastLockReason().map(r -> " (" + r + ")").orElse(""));
            }
            pause();
        }
    }

    void awaitSameAsHost(Framebuffer fb, DesktopPool host, String user, String endpoint) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            DesktopPool.Snapshot s = host.snapshot(user)
                    .orElseThrow(() -> new DemoFailure("the desktop host has no desktop for " + user));
            int[] seen;
            synchronized (fb) {
                seen = fb.width() == s.width() && fb.height() == s.height() ? fb.copyPixels() : null;
            }
            if (seen != null && Arrays.equals(seen, s.pixels())) return;
            if (System.nanoTime() > end) {
                throw new DemoFailure(endpoint + "'s framebuffer (" + fb.width() + "x" + fb.height()
                        + ") differs from the desktop host's rendering (" + s.width() + "x" + s.height() + ")"
                        + (seen == null ? "" : " in " + differing(seen, s.pixels()) + " pixels"));
            }
            pause();
        }
    }

    void awaitHostChanged(DesktopPool host, String user, int[] before) {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (Arrays.equals(host.snapshot(user).orElseThrow().pixels(), before)) {
            if (System.nanoTime() > end) throw new DemoFailure("the desktop did not change after typing");
            pause();
        }
    }

    private static int differing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) if (a[i] != b[i]) n++;
        return n;
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
