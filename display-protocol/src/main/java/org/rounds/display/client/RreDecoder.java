package org.rounds.display.client;

import java.io.IOException;
import java.util.Arrays;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * RRE (2): a u32 subrectangle count, a background PIXEL for the whole rectangle, then per
 * subrectangle a PIXEL and x, y, width, height (u16, relative to the rectangle).
 */
final class RreDecoder implements Decoder {

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        RectBytes s = RectBytes.recording(r, in);
        long n = s.u32();
        // Every honest subrectangle covers at least one pixel that no earlier one fully hides.
        if (n > r.area()) throw s.error(n + " subrectangles exceed the " + r.area() + " pixels of the rectangle");
        s.skip(pf.bytesPerPixel());
        s.skipLong(n * (pf.bytesPerPixel() + 8L));
        return s.recorded();
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        RectBytes.replay(() -> paint(r, RectBytes.over(r, data), pf, fb));
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    private static void paint(Rect r, RectBytes s, PixelFormat pf, Framebuffer fb) throws IOException {
        long n = s.u32();
        int bg = s.pixel(pf);
        synchronized (fb) {
            int[] px = fb.pixels();
            int stride = fb.width();
            fill(px, stride, r.x(), r.y(), r.width(), r.height(), bg);
            for (long i = 0; i < n; i++) {
                int c = s.pixel(pf);
                int x = s.u16(), y = s.u16(), w = s.u16(), h = s.u16();
                if (x + w > r.width() || y + h > r.height())
                    throw s.error("subrectangle " + x + "," + y + " " + w + "x" + h + " lies outside the rectangle");
                fill(px, stride, r.x() + x, r.y() + y, w, h, c);
            }
        }
    }

    static void fill(int[] px, int stride, int x, int y, int w, int h, int c) {
        for (int row = y; row < y + h; row++) Arrays.fill(px, row * stride + x, row * stride + x + w, c);
    }
}
