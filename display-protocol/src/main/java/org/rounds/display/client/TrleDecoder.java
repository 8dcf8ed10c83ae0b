package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.internal.PixelFormat;

/**
 * TRLE (15): ZRLE's tiles without zlib and 16x16 instead of 64x64, plus two subencodings that
 * reuse the previous tile's palette: 127 (packed) and 129 (palette RLE). The palette carries
 * from tile to tile within a rectangle. No length prefix: {@link #readRect} walks the tiles to
 * find the end; {@link #decodeRect} walks the recorded bytes again to paint.
 */
final class TrleDecoder extends WalkingDecoder {
    static final int TILE = 16;


    /** Reads every tile; paints into {@code px} unless it is null (measuring pass). */
    @Override
    void walk(Rect r, RectBytes s, PixelFormat pf, int[] px, int stride) throws IOException {
        int[] palette = new int[0];
        for (int ty = r.y(); ty < r.y() + r.height(); ty += TILE) {
            int th = Math.min(TILE, r.y() + r.height() - ty);
            for (int tx = r.x(); tx < r.x() + r.width(); tx += TILE) {
                int tw = Math.min(TILE, r.x() + r.width() - tx);
                int origin = ty * stride + tx;
                int sub = s.u8();
                if (sub == 0) { // raw CPIXELs
                    for (int y = 0; y < th; y++)
                        for (int x = 0; x < tw; x++) {
                            int c = s.cpixel(pf);
                            if (px != null) px[origin + y * stride + x] = c;
                        }
                } else if (sub == 1) { // solid
                    int c = s.cpixel(pf);
                    if (px != null) RreDecoder.fill(px, stride, tx, ty, tw, th, c);
                } else if (sub <= 16 || sub == 127) { // packed palette, new or reused
                    if (sub != 127) palette = palette(s, pf, sub);
                    else if (palette.length == 0) throw s.error("subencoding 127 reuses a palette no earlier tile sent");
                    packed(s, palette, px, origin, stride, tw, th);
                } else if (sub == 128) { // plain RLE
                    int i = 0, total = tw * th;
                    while (i < total) {
                        int c = s.cpixel(pf);
                        i = run(px, origin, stride, tw, i, runLength(s, total - i), c);
                    }
                } else if (sub >= 129) { // palette RLE, new (130..255) or reused (129)
                    if (sub != 129) palette = palette(s, pf, sub - 128);
                    else if (palette.length == 0) throw s.error("subencoding 129 reuses a palette no earlier tile sent");
                    int i = 0, total = tw * th;
                    while (i < total) {
                        int b = s.u8(), idx = b & 0x7F;
                        if (idx >= palette.length) throw s.error("palette index " + idx + " beyond palette of " + palette.length);
                        i = run(px, origin, stride, tw, i, (b & 0x80) != 0 ? runLength(s, total - i) : 1, palette[idx]);
                    }
                } else {
                    throw s.error("unknown tile subencoding " + sub);
                }
            }
        }
    }

    private static int[] palette(RectBytes s, PixelFormat pf, int size) throws IOException {
        int[] pal = new int[size];
        for (int i = 0; i < size; i++) pal[i] = s.cpixel(pf);
        return pal;
    }

    /** Indices of 1, 2 or 4 bits (palette sizes 2, 3-4, 5-16), most significant first, rows padded to a byte. */
    private static void packed(RectBytes s, int[] pal, int[] px, int origin, int stride, int tw, int th) throws IOException {
        int bits = pal.length <= 2 ? 1 : pal.length <= 4 ? 2 : 4, mask = (1 << bits) - 1;
        for (int y = 0; y < th; y++) {
            int b = 0, left = 0;
            for (int x = 0; x < tw; x++) {
                if (left == 0) { b = s.u8(); left = 8; }
                left -= bits;
                int idx = (b >>> left) & mask;
                if (idx >= pal.length) throw s.error("palette index " + idx + " beyond palette of " + pal.length);
                if (px != null) px[origin + y * stride + x] = pal[idx];
            }
        }
    }

    /** 1 + the sum of bytes up to and including the first that is not 255; must fit in what is left of the tile. */
    private static int runLength(RectBytes s, int left) throws IOException {
        int len = 1, b;
        do {
            b = s.u8();
            len += b;
            if (len > left) throw s.error("run of " + len + " pixels overflows the tile");
        } while (b == 255);
        return len;
    }

    private static int run(int[] px, int origin, int stride, int tw, int i, int n, int c) {
        if (px == null) return i + n;
        for (int k = 0; k < n; k++, i++) px[origin + (i / tw) * stride + i % tw] = c;
        return i;
    }

}
