package org.rounds.display.client;

import java.util.ArrayDeque;

/**
 * Reused buffers for the encoded bytes of Tight JPEG and PNG images, one pool per decoder: the
 * reader takes one, the thread that decoded the image gives it back. A fresh array for each
 * image (hundreds of megabytes a minute in a full-screen slideshow) cost zeroing, garbage
 * collection and the page faults of a growing heap: perf put 3.6 % of the heavy recording's CPU
 * in page faults from the reader's allocations alone. Buffers come in powers of two, so one
 * serves any image up to its size; a few of each size are kept, the rest left to the collector.
 */
final class ImageBuffers {
    /** Kept per size: the rectangles one connection has in flight on 2 CPUs (three), and one more; at most about 16 MiB in all. */
    static final int KEPT_PER_SIZE = 4;
    private static final int SMALLEST = 12; // 4 KiB: below it a fresh array is as cheap

    @SuppressWarnings("unchecked")
    private final ArrayDeque<byte[]>[] free = new ArrayDeque[32];

    /** A buffer of at least {@code n} bytes (whatever an earlier image left in it). */
    synchronized byte[] take(int n) {
        int size = sizeClass(n);
        ArrayDeque<byte[]> q = free[size];
        byte[] b = q == null ? null : q.poll();
        return b != null ? b : new byte[1 << size];
    }

    /** Gives back a buffer from {@link #take}, once nothing reads it any more. */
    synchronized void give(byte[] b) {
        int size = Integer.numberOfTrailingZeros(b.length);
        if (b.length != 1 << size || size < SMALLEST) return; // not one of ours
        if (free[size] == null) free[size] = new ArrayDeque<>();
        if (free[size].size() < KEPT_PER_SIZE) free[size].push(b);
    }

    private static int sizeClass(int n) { return Math.max(SMALLEST, 32 - Integer.numberOfLeadingZeros(Math.max(1, n) - 1)); }
}
