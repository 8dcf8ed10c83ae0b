package org.rounds.display.server;

import java.util.ArrayList;
import java.util.List;
import org.rounds.display.Framebuffer;

/**
 * Per-viewer record of what changed since it was last sent, on a 64x64 tile grid, plus whether
 * the viewer has an update request outstanding. Damage only sets bits, so a slow viewer gets
 * one coalesced update of everything that changed, never a growing queue.
 */
final class DamageTracker implements Framebuffer.DamageListener {
    static final int TILE = 64;

    /** What the writer must send: changed rectangles (tile-aligned, merged along rows) and whether the size changed. */
    record Work(List<int[]> rects, boolean resized, boolean update, int[] copy) {}

    private int cols, rows, width, height;
    private boolean[] dirty;
    private int dirtyCount;
    private boolean resized;
    private boolean requested;
    private boolean closed;
    /** Something other than pixels is owed (a pseudo-encoding answer): the next request is answered even without damage. */
    private boolean owed;
    /** ContinuousUpdates enabled: every change is sent without a request. */
    private boolean continuous;
    /** Control messages (fences, EndOfContinuousUpdates) wait to be written, request or not. */
    private boolean control;
    /** One pending copy {x, y, w, h, dx, dy} (destination and offset), sent as CopyRect before the changed tiles. */
    private int[] copy;

    DamageTracker(int width, int height) { setSize(width, height); }

    private void setSize(int w, int h) {
        width = w;
        height = h;
        cols = (w + TILE - 1) / TILE;
        rows = (h + TILE - 1) / TILE;
        dirty = new boolean[cols * rows];
        dirtyCount = 0;
    }

    @Override
    public synchronized void damaged(int x, int y, int w, int h) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w), y1 = Math.min(height, y + h);
        if (x1 <= x0 || y1 <= y0) return;
        for (int ty = y0 / TILE; ty <= (y1 - 1) / TILE; ty++)
            for (int tx = x0 / TILE; tx <= (x1 - 1) / TILE; tx++) {
                int i = ty * cols + tx;
                if (!dirty[i]) {
                    dirty[i] = true;
                    dirtyCount++;
                }
            }
        if (requested) notifyAll();
    }

    /**
     * A scroll: kept as a copy when the viewer already has its source (no unsent change there)
     * and no other copy is pending; else it is plain damage.
     */
    @Override
    public synchronized void copied(int x, int y, int w, int h, int dx, int dy) {
        if (copy != null || dirtyIn(x - dx, y - dy, w, h) || x < 0 || y < 0 || x + w > width || y + h > height) {
            damaged(x, y, w, h);
            return;
        }
        copy = new int[] {x, y, w, h, dx, dy};
        if (requested) notifyAll();
    }

    private boolean dirtyIn(int x, int y, int w, int h) {
        if (resized) return true;
        for (int ty = Math.max(0, y) / TILE; ty <= Math.min(height - 1, y + h - 1) / TILE; ty++)
            for (int tx = Math.max(0, x) / TILE; tx <= Math.min(width - 1, x + w - 1) / TILE; tx++)
                if (dirty[ty * cols + tx]) return true;
        return false;
    }

    @Override
    public synchronized void resized(int w, int h) {
        copy = null;
        setSize(w, h);
        resized = true;
        damaged(0, 0, w, h);
    }

    /** A FramebufferUpdateRequest arrived; a non-incremental one marks its region as changed. */
    synchronized void request(boolean incremental, int x, int y, int w, int h) {
        requested = true;
        if (!incremental) damaged(x, y, w, h);
        notifyAll();
    }

    /** Answers the pending (or next) request even if no pixel changed. */
    synchronized void owe() {
        owed = true;
        notifyAll();
    }

    synchronized void continuous(boolean on) {
        continuous = on;
        requested |= on;
        notifyAll();
    }

    synchronized void controlPending() {
        control = true;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Blocks until there is a request and something to send for it, or a control message; false when closed. */
    synchronized boolean awaitReady() throws InterruptedException {
        while (!closed && !control && !(requested && (dirtyCount > 0 || resized || owed || copy != null))) wait();
        return !closed;
    }

    /**
     * What to send now, clearing it ({@code update} false: only control messages are due); empty
     * when closed. The caller holds the framebuffer's lock
     * while it takes this and reads the pixels: a copy (scroll) made between the two would be in
     * the pixels read and then sent again as CopyRect with the next update, moving those pixels
     * twice on the viewer's screen.
     */
    synchronized java.util.Optional<Work> take() {
        if (closed) return java.util.Optional.empty();
        control = false;
        if (!(requested && (dirtyCount > 0 || resized || owed || copy != null)))
            return java.util.Optional.of(new Work(List.of(), false, false, null));
        List<int[]> rects = new ArrayList<>();
        for (int ty = 0; ty < rows; ty++) {
            int tx = 0;
            while (tx < cols) {
                if (!dirty[ty * cols + tx]) { tx++; continue; }
                int start = tx;
                while (tx < cols && dirty[ty * cols + tx]) dirty[ty * cols + tx++] = false;
                int x = start * TILE, y = ty * TILE;
                rects.add(new int[] {x, y, Math.min(width, tx * TILE) - x, Math.min(height, y + TILE) - y});
            }
        }
        Work w = new Work(rects, resized, true, copy);
        copy = null;
        dirtyCount = 0;
        resized = false;
        requested = continuous;
        owed = false;
        return java.util.Optional.of(w);
    }
}
