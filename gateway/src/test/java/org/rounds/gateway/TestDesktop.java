package org.rounds.gateway;

import java.util.Random;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.DesktopSource;

/** A desktop behind the tunnel: a framebuffer with solid, striped, gradient and noisy parts (every encoder's cases). */
final class TestDesktop implements DesktopSource {
    final Framebuffer fb;

    TestDesktop(int w, int h) {
        fb = new Framebuffer(w, h);
        Random rnd = new Random(21);
        int[] p = fb.pixels();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = x < 64 ? 0x336699 : x < 128 ? ((x / 3 + y / 5) % 2 == 0 ? 0xF0F0F0 : 0x202020)
                        : x < w / 2 + 64 ? (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40 : rnd.nextInt(0x1000000);
                p[y * w + x] = 0xFF000000 | c;
            }
        }
    }

    void paint(int x0, int y0, int w, int h, int argb) {
        synchronized (fb) {
            for (int y = y0; y < y0 + h; y++) java.util.Arrays.fill(fb.pixels(), y * fb.width() + x0, y * fb.width() + x0 + w, argb);
        }
        fb.damage(x0, y0, w, h);
    }

    int[] pixels() {
        synchronized (fb) {
            return fb.copyPixels();
        }
    }

    @Override public Framebuffer framebuffer() { return fb; }

    @Override public String name() { return "desktop behind the gateway"; }

    @Override public void keyEvent(int keysym, boolean down) {}

    @Override public void pointerEvent(int x, int y, int buttons) {}
}
