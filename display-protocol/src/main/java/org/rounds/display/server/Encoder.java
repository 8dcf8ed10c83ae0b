package org.rounds.display.server;

import java.io.DataOutputStream;
import java.io.IOException;
import org.rounds.display.internal.PixelFormat;

/** Turns one rectangle of ARGB pixels into one encoding's bytes. One instance per viewer (ZRLE keeps a zlib stream). */
interface Encoder {
    /** The encoding's wire number. */
    int number();

    /**
     * Writes everything that follows the rectangle header. {@code argb} holds {@code w*h} pixels,
     * row-major, a private copy the encoder may read freely.
     */
    void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException;
}
