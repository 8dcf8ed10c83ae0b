package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.internal.PixelFormat;

/**
 * Hextile (5): 16x16 tiles, left to right, top to bottom, each led by a mask: Raw (1) is a raw
 * tile; else BackgroundSpecified (2), ForegroundSpecified (4), AnySubrects (8) with a count,
 * SubrectsColoured (16) with a PIXEL per subrect. Background and foreground carry over from tile
 * to tile within the rectangle. There is no length prefix, so {@link #readRect} walks the tiles
 * once to find the end and {@link #decodeRect} walks the recorded bytes again to paint.
 */
final class HextileDecoder extends WalkingDecoder {
    static final int TILE = 16;
    static final int RAW = 1, BACKGROUND = 2, FOREGROUND = 4, ANY_SUBRECTS = 8, SUBRECTS_COLOURED = 16;


    /** Reads every tile; paints into {@code px} unless it is null (measuring pass). */
    @Override
    void walk(Rect r, RectBytes s, PixelFormat pf, int[] px, int stride) throws IOException {
        int bg = 0xFF000000, fg = 0xFF000000;
        int bpp = pf.bytesPerPixel();
        for (int ty = r.y(); ty < r.y() + r.height(); ty += TILE) {
            int th = Math.min(TILE, r.y() + r.height() - ty);
            for (int tx = r.x(); tx < r.x() + r.width(); tx += TILE) {
                int tw = Math.min(TILE, r.x() + r.width() - tx);
                int mask = s.u8();
                if (mask > 31) throw s.error("hextile tile mask " + mask + " has unknown bits");
                if ((mask & RAW) != 0) {
                    int at = s.skip(tw * th * bpp);
                    if (px != null) {
                        byte[] b = s.buffer();
                        for (int y = 0; y < th; y++)
                            for (int x = 0; x < tw; x++, at += bpp) px[(ty + y) * stride + tx + x] = pf.readPixel(b, at);
                    }
                    continue;
                }
                if ((mask & BACKGROUND) != 0) bg = s.pixel(pf);
                if (px != null) RreDecoder.fill(px, stride, tx, ty, tw, th, bg);
                if ((mask & FOREGROUND) != 0) fg = s.pixel(pf);
                if ((mask & ANY_SUBRECTS) == 0) continue;
                int n = s.u8();
                for (int i = 0; i < n; i++) {
                    int c = (mask & SUBRECTS_COLOURED) != 0 ? s.pixel(pf) : fg;
                    int xy = s.u8(), wh = s.u8();
                    int sx = xy >>> 4, sy = xy & 15, sw = (wh >>> 4) + 1, sh = (wh & 15) + 1;
                    if (sx + sw > tw || sy + sh > th)
                        throw s.error("subrectangle " + sx + "," + sy + " " + sw + "x" + sh + " lies outside its " + tw + "x" + th + " tile");
                    if (px != null) RreDecoder.fill(px, stride, tx + sx, ty + sy, sw, sh, c);
                }
            }
        }
    }
}
