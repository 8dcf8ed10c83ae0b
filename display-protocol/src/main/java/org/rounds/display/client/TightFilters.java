package org.rounds.display.client;

import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;

/** Tight's basic-compression filters, painting already inflated data into the framebuffer. */
final class TightFilters {
    private TightFilters() {}

    static void paint(Rect r, TightDecoder.Basic b, byte[] d, int at, PixelFormat pf, int[] px, int stride)
            throws RfbProtocolException {
        int w = r.width(), h = r.height();
        switch (b.filter()) {
            case TightDecoder.FILTER_COPY -> {
                int tp = b.tpixel();
                for (int y = 0; y < h; y++) {
                    int row = (r.y() + y) * stride + r.x();
                    for (int x = 0; x < w; x++, at += tp) px[row + x] = TightDecoder.readTpixel(d, at, tp, pf);
                }
            }
            case TightDecoder.FILTER_PALETTE -> {
                int[] pal = b.palette();
                for (int y = 0; y < h; y++) {
                    int row = (r.y() + y) * stride + r.x();
                    if (pal.length <= 2) { // 1 bit a pixel, most significant first, rows padded to a byte
                        for (int x = 0; x < w; x++) {
                            int idx = (d[at + (x >>> 3)] >>> (7 - (x & 7))) & 1;
                            if (idx >= pal.length) throw r.error("palette index " + idx + " beyond palette of " + pal.length);
                            px[row + x] = pal[idx];
                        }
                        at += (w + 7) / 8;
                    } else {
                        for (int x = 0; x < w; x++) {
                            int idx = d[at++] & 0xFF;
                            if (idx >= pal.length) throw r.error("palette index " + idx + " beyond palette of " + pal.length);
                            px[row + x] = pal[idx];
                        }
                    }
                }
            }
            case TightDecoder.FILTER_GRADIENT -> gradient(r, d, at, px, stride);
            default -> throw new IllegalStateException("filter " + b.filter() + " passed the header check");
        }
    }

    /**
     * Each channel was sent as the difference from a prediction: left + above - above-left,
     * clamped to 0..255 (zero outside the rectangle); the sum wraps at 256.
     */
    private static void gradient(Rect r, byte[] d, int at, int[] px, int stride) {
        int w = r.width();
        int[] prev = new int[w * 3], cur = new int[w * 3];
        for (int y = 0; y < r.height(); y++) {
            int row = (r.y() + y) * stride + r.x();
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int left = x > 0 ? cur[(x - 1) * 3 + c] : 0;
                    int upLeft = x > 0 ? prev[(x - 1) * 3 + c] : 0;
                    int est = Math.max(0, Math.min(255, left + prev[x * 3 + c] - upLeft));
                    cur[x * 3 + c] = (est + d[at++]) & 0xFF;
                }
                px[row + x] = 0xFF000000 | cur[x * 3] << 16 | cur[x * 3 + 1] << 8 | cur[x * 3 + 2];
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
    }
}
