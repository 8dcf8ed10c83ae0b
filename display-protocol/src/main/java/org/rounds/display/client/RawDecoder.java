package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** Raw (0): width x height pixels, row by row. */
final class RawDecoder implements Decoder {

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        return in.bytes(Math.toIntExact(r.area() * pf.bytesPerPixel())); // r lies inside the framebuffer: bounded
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        int bpp = pf.bytesPerPixel();
        synchronized (fb) {
            int[] px = fb.pixels();
            int stride = fb.width(), i = 0;
            for (int y = 0; y < r.height(); y++) {
                int row = (r.y() + y) * stride + r.x();
                for (int x = 0; x < r.width(); x++, i += bpp) px[row + x] = pf.readPixel(data, i);
            }
        }
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }
}
