package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * Zlib (6): a u32 length, then zlib data that inflates to the rectangle's raw pixels. One zlib
 * stream spans the whole connection, so decodes run in stream order.
 */
final class ZlibDecoder implements Decoder {
    private final ZlibStream zlib = new ZlibStream();

    /** Most compressed bytes an honest server sends for {@code n} inflated bytes (stored blocks + flush markers). */
    static long maxDeflated(long n) { return n + n / 64 + 4096; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        long at = in.offset();
        long len = in.u32();
        long limit = maxDeflated(r.area() * pf.bytesPerPixel());
        if (len > limit || len > Integer.MAX_VALUE - 16)
            throw in.error(at, "zlib length " + len + " exceeds the " + limit + " bytes a " + r.width() + "x" + r.height() + " rectangle can need");
        return in.bytes((int) len);
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        int bpp = pf.bytesPerPixel();
        byte[] raw = zlib.inflateExactly(r, data, 0, data.length, Math.toIntExact(r.area() * bpp));
        synchronized (fb) {
            int[] px = fb.pixels();
            int stride = fb.width(), i = 0;
            for (int y = 0; y < r.height(); y++) {
                int row = (r.y() + y) * stride + r.x();
                for (int x = 0; x < r.width(); x++, i += bpp) px[row + x] = pf.readPixel(raw, i);
            }
        }
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
