package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** CopyRect (1): copy a same-sized rectangle from (srcX, srcY) of the current framebuffer. */
final class CopyRectDecoder implements Decoder {

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        return in.bytes(4);
    }

    @Override
    public void decodeRect(Rect r, byte[] d, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        int sx = (d[0] & 0xFF) << 8 | d[1] & 0xFF, sy = (d[2] & 0xFF) << 8 | d[3] & 0xFF;
        synchronized (fb) {
            int stride = fb.width();
            if (sx + r.width() > stride || sy + r.height() > fb.height())
                throw r.error("source " + sx + "," + sy + " lies outside the " + stride + "x" + fb.height() + " framebuffer");
            int[] px = fb.pixels();
            // Copy rows in the direction that never reads a row already overwritten.
            boolean down = sy >= r.y();
            for (int k = 0; k < r.height(); k++) {
                int row = down ? k : r.height() - 1 - k;
                System.arraycopy(px, (sy + row) * stride + sx, px, (r.y() + row) * stride + r.x(), r.width());
            }
        }
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; } // reads pixels earlier rectangles wrote
}
