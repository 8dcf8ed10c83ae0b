package org.rounds.display.internal;

import java.util.Arrays;

/**
 * The colour map of a colour-mapped pixel format (8 or 16 bits a pixel): pixel values index it,
 * and the server fills it with SetColourMapEntries. Entries not set yet are opaque black.
 * Written by the connection's reader thread and read by decoders on the same thread.
 */
public final class ColourMap {
    private final int[] argb;

    public ColourMap(int bitsPerPixel) {
        argb = new int[1 << Math.min(bitsPerPixel, 16)];
        Arrays.fill(argb, 0xFF000000);
    }

    public int size() { return argb.length; }

    /** The colour of pixel value {@code v} (values beyond the map are black). */
    public int argb(int v) { return v >= 0 && v < argb.length ? argb[v] : 0xFF000000; }

    /** Sets entry {@code index} from the protocol's 16-bit channels (their top 8 bits are kept). */
    public void set(int index, int red16, int green16, int blue16) {
        argb[index] = 0xFF000000 | (red16 >>> 8) << 16 | (green16 >>> 8) << 8 | blue16 >>> 8;
    }
}
