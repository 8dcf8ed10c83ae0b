package org.rounds.display.server;

import java.io.DataOutputStream;
import java.io.IOException;
import org.rounds.display.internal.PixelFormat;

/**
 * Turns one rectangle of ARGB pixels into one encoding's bytes. One instance per viewer, kept
 * while the viewer keeps choosing the same encoding (ZRLE and Tight keep zlib streams).
 */
interface Encoder {
    /** The encoding's wire number. */
    int number();

    /**
     * Writes everything that follows the rectangle header. {@code argb} holds {@code w*h} pixels,
     * row-major, a private copy the encoder may read freely.
     */
    void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException;

    /** The viewer's latest hints (compression level, JPEG quality); encoders that have no use for them ignore them. */
    default void hints(EncodingHints hints) {}

    /** How many rectangles {@link #write} sends for a {@code w x h} area (Tight splits big ones). */
    default int rectangles(int w, int h) { return 1; }

    /** Writes the area at (x, y) as {@link #rectangles} headed rectangles. */
    default void write(int x, int y, int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        header(out, x, y, w, h, number());
        encode(argb, w, h, pf, out);
    }

    static void header(DataOutputStream m, int x, int y, int w, int h, int encoding) throws IOException {
        m.writeShort(x);
        m.writeShort(y);
        m.writeShort(w);
        m.writeShort(h);
        m.writeInt(encoding);
    }
}
