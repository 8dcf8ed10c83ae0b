package org.rounds.display.it;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.DesktopSource;

/** A desktop for tests: a framebuffer with a picture in it, recording the input it receives. */
final class TestDesktop implements DesktopSource {
    final Framebuffer fb;
    final List<String> events = new CopyOnWriteArrayList<>();

    TestDesktop(int w, int h) {
        fb = new Framebuffer(w, h);
        Random rnd = new Random(7);
        int[] p = fb.pixels();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                p[y * w + x] = 0xFF000000 | colour(x, y, w, h, rnd);
    }

    /** Solid tiles, two-colour stripes (palette tiles), a gradient, and noise (raw tiles). */
    private static int colour(int x, int y, int w, int h, Random rnd) {
        if (x < 64) return 0x336699;
        if (x < 128) return (x / 3 + y / 5) % 2 == 0 ? 0xF0F0F0 : 0x202020;
        if (x < w / 2 + 64) return (x * 255 / w) << 16 | (y * 255 / h) << 8 | 0x40;
        return rnd.nextInt(0x1000000);
    }

    /** Replaces the picture with smooth colour gradients (what JPEG is for). */
    void photo() {
        int w = fb.width(), h = fb.height();
        synchronized (fb) {
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int r = (int) (128 + 100 * Math.sin(x / 17.0)), g = (int) (128 + 90 * Math.cos(y / 13.0));
                    fb.pixels()[y * w + x] = 0xFF000000 | r << 16 | g << 8 | (x + 2 * y) % 256;
                }
        }
        fb.damage(0, 0, w, h);
    }

    void paint(int x0, int y0, int w, int h, int argb) {
        synchronized (fb) {
            for (int y = y0; y < y0 + h; y++) java.util.Arrays.fill(fb.pixels(), y * fb.width() + x0, y * fb.width() + x0 + w, argb);
        }
        fb.damage(x0, y0, w, h);
    }

    @Override public Framebuffer framebuffer() { return fb; }

    @Override public String name() { return "test desktop"; }

    @Override public void keyEvent(int keysym, boolean down) { events.add("key " + Integer.toHexString(keysym) + (down ? " down" : " up")); }

    @Override public void pointerEvent(int x, int y, int buttons) { events.add("pointer " + x + "," + y + " " + buttons); }

    @Override public void clientCutText(String text) { events.add("cut " + text); }

    /** A 3x2 pointer: opaque red top row, a transparent and a half-transparent... below. */
    volatile org.rounds.display.server.CursorShape cursor;

    @Override public org.rounds.display.server.CursorShape cursorShape() { return cursor; }
}
