package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * Turns one encoding's rectangles into pixels. As in TigerVNC, reading a rectangle's bytes off
 * the stream ({@link #readRect}, always on the connection thread) is separate from decoding them
 * ({@link #decodeRect}), so decoding can later move to worker threads without changing decoders.
 * One instance per connection: a decoder may keep state (ZRLE's zlib stream).
 */
interface Decoder {

    /** How decodes of this encoding may be reordered relative to each other. */
    enum Ordering {
        /** Any order, any thread (no state between rectangles). */
        ANY,
        /** Strictly in stream order: the decoder carries state across rectangles (one zlib stream). */
        STREAM
    }

    /**
     * Reads exactly this rectangle's bytes and returns them (in an array that may be longer when
     * the bytes say their own length: Tight images come in reused buffers). Sizes from the stream
     * are checked against {@code r} before anything is allocated.
     */
    byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException;

    /** Decodes bytes from {@link #readRect} into {@code fb} (pixels under {@code synchronized (fb)}, then damage). */
    void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException;

    default Ordering ordering() { return Ordering.ANY; }

    /**
     * Whether this rectangle (its bytes from {@link #readRect}) must be decoded after the
     * decoder's earlier ones: by default when the decoder carries state ({@link Ordering#STREAM}).
     */
    default boolean ordered(byte[] data) { return ordering() == Ordering.STREAM; }

    /** True for LastRect: the update ends here whatever its rectangle count said. */
    default boolean endsUpdate() { return false; }
}
