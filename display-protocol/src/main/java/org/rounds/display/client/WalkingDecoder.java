package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * A decoder for an encoding with no length prefix, whose one parser ({@link #walk}) serves both
 * passes: {@link #readRect} walks the stream to find the rectangle's end while recording its
 * bytes (nothing painted), and {@link #decodeRect} walks the recorded bytes again to paint.
 */
abstract class WalkingDecoder implements Decoder {

    @Override
    public final byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        RectBytes s = RectBytes.recording(r, in);
        walk(r, s, pf, null, 0);
        return s.recorded();
    }

    @Override
    public final void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        synchronized (fb) {
            RectBytes.replay(() -> walk(r, RectBytes.over(r, data), pf, fb.pixels(), fb.width()));
        }
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    /** Reads the whole rectangle; paints into {@code px} (row stride {@code stride}) unless it is null. */
    abstract void walk(Rect r, RectBytes s, PixelFormat pf, int[] px, int stride) throws IOException;
}
