package org.rounds.display;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A remote (or served) screen as one {@code int[]} of ARGB pixels, row-major, {@code width}
 * pixels a row. The array is shared on purpose: the JavaFX view wraps it in a
 * {@code PixelBuffer} without copying, and the RFB server encodes straight out of it.
 *
 * <p>Writers change pixels and then call {@link #damage}; listeners hear which rectangle
 * changed. Listeners run on the writer's thread and must be fast and must not throw.
 * {@link #clear()} zeroes every pixel (alpha included) and reports the whole screen damaged:
 * it is the safety path of tap-out and idle lock.
 */
public final class Framebuffer {

    /** Hears which rectangle of a framebuffer changed. */
    @FunctionalInterface
    public interface DamageListener {
        void damaged(int x, int y, int width, int height);

        /** The framebuffer now has another size; the pixel array was replaced. */
        default void resized(int width, int height) {}

        /**
         * The pixels of (x, y, width, height) were moved there from (x - dx, y - dy), as in a
         * scroll: a server can send that as a CopyRect. By default, plain damage.
         */
        default void copied(int x, int y, int width, int height, int dx, int dy) { damaged(x, y, width, height); }
    }

    private final List<DamageListener> listeners = new CopyOnWriteArrayList<>();
    private volatile int width;
    private volatile int height;
    private volatile int[] pixels;

    public Framebuffer(int width, int height) {
        checkSize(width, height);
        this.width = width;
        this.height = height;
        this.pixels = new int[width * height];
    }

    public int width() { return width; }

    public int height() { return height; }

    /** The live pixel array (ARGB); replaced by {@link #resize}. */
    public int[] pixels() { return pixels; }

    public void addDamageListener(DamageListener listener) { listeners.add(Objects.requireNonNull(listener)); }

    public void removeDamageListener(DamageListener listener) { listeners.remove(listener); }

    /** Reports that a rectangle's pixels changed. */
    public void damage(int x, int y, int w, int h) {
        for (DamageListener l : listeners) l.damaged(x, y, w, h);
    }

    /**
     * Moves the pixels of (x, y, w, h) by (dx, dy) (a scroll; both rectangles inside the
     * framebuffer) and reports it as a copy, which a server can send as CopyRect.
     */
    public void copy(int x, int y, int w, int h, int dx, int dy) {
        synchronized (this) {
            if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height
                    || x + dx < 0 || y + dy < 0 || x + dx + w > width || y + dy + h > height)
                throw new IllegalArgumentException("copy of " + w + "x" + h + " at " + x + "," + y + " by " + dx + "," + dy + " leaves the framebuffer");
            for (int k = 0; k < h; k++) {
                int row = dy > 0 ? h - 1 - k : k; // never read a row already overwritten
                System.arraycopy(pixels, (y + row) * width + x, pixels, (y + dy + row) * width + x + dx, w);
            }
            // Told under the lock: a server that reads pixels under it then never sees the move
            // without hearing of it (it would send it twice). Report damage before moving damaged pixels.
            for (DamageListener l : listeners) l.copied(x + dx, y + dy, w, h, dx, dy);
        }
    }

    /** Zeroes every pixel and reports the whole screen damaged. */
    public void clear() {
        int[] p = pixels;
        Arrays.fill(p, 0);
        damage(0, 0, width, height);
    }

    /** Gives the framebuffer a new size with a new, zeroed pixel array. */
    public synchronized void resize(int newWidth, int newHeight) {
        checkSize(newWidth, newHeight);
        Arrays.fill(pixels, 0); // nothing of the old screen lingers in memory we drop
        pixels = new int[newWidth * newHeight];
        width = newWidth;
        height = newHeight;
        for (DamageListener l : listeners) l.resized(newWidth, newHeight);
        damage(0, 0, newWidth, newHeight);
    }

    /** A copy of the current pixels, for tests and snapshots. */
    public int[] copyPixels() { return pixels.clone(); }

    /** True when every pixel is zero (what a cleared screen holds). */
    public boolean isBlank() {
        for (int p : pixels) if (p != 0) return false;
        return true;
    }

    private static void checkSize(int w, int h) {
        if (w <= 0 || h <= 0 || w > 16384 || h > 16384)
            throw new IllegalArgumentException("framebuffer size " + w + "x" + h + " is outside 1..16384");
    }
}
