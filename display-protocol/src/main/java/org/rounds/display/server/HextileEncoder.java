package org.rounds.display.server;

import java.io.DataOutputStream;
import java.io.IOException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * Hextile (5): 16x16 tiles, each sent as whichever is smallest: solid background, background
 * plus foreground subrectangles (two colours), coloured subrectangles, or raw. As in TigerVNC's
 * HextileEncoder, background and foreground are only re-sent when they change, and both count
 * as unknown after a raw tile and at the start of each rectangle.
 */
final class HextileEncoder implements Encoder {
    static final int TILE = 16;
    static final int RAW = 1, BACKGROUND = 2, FOREGROUND = 4, ANY_SUBRECTS = 8, SUBRECTS_COLOURED = 16;

    private final int[] tile = new int[TILE * TILE];
    private final boolean[] covered = new boolean[TILE * TILE];
    /** Subrectangles of the current tile: colour, then packed x/y and w/h bytes. */
    private final int[] subColour = new int[TILE * TILE], subXy = new int[TILE * TILE], subWh = new int[TILE * TILE];
    private byte[] px = new byte[4];

    @Override
    public int number() { return Encodings.HEXTILE; }

    @Override
    public void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        boolean known = false; // background/foreground valid on the client
        int bg = 0, fg = 0;
        for (int ty = 0; ty < h; ty += TILE) {
            int th = Math.min(TILE, h - ty);
            for (int tx = 0; tx < w; tx += TILE) {
                int tw = Math.min(TILE, w - tx);
                for (int y = 0; y < th; y++)
                    for (int x = 0; x < tw; x++) tile[y * tw + x] = argb[(ty + y) * w + tx + x] | 0xFF000000;
                int n = tw * th;
                int tileBg = mostCommon(n);
                int other = tileBg;
                boolean solid = true, twoColours = true;
                for (int i = 0; i < n; i++) {
                    int c = tile[i];
                    if (c == tileBg) continue;
                    if (solid || c == other) other = c;
                    else twoColours = false;
                    solid = false;
                }
                int mask = 0;
                if (!known || tileBg != bg) mask |= BACKGROUND;
                if (solid) {
                    out.writeByte(mask);
                    if ((mask & BACKGROUND) != 0) pixel(out, tileBg, pf);
                    bg = tileBg;
                    known = true;
                    continue;
                }
                int subs = subrects(tw, th, tileBg);
                int bpp = pf.bytesPerPixel();
                int size = 1 + ((mask & BACKGROUND) != 0 ? bpp : 0) + 1
                        + (twoColours ? (other != fg || !known ? bpp : 0) + subs * 2 : subs * (2 + bpp));
                if (subs > 255 || size >= 1 + n * bpp) { // raw is smaller (or too many subrectangles)
                    out.writeByte(RAW);
                    for (int i = 0; i < n; i++) pixel(out, tile[i], pf);
                    known = false;
                    continue;
                }
                mask |= ANY_SUBRECTS;
                if (twoColours) {
                    if (!known || other != fg) mask |= FOREGROUND;
                } else {
                    mask |= SUBRECTS_COLOURED;
                }
                out.writeByte(mask);
                if ((mask & BACKGROUND) != 0) pixel(out, tileBg, pf);
                if ((mask & FOREGROUND) != 0) pixel(out, other, pf);
                out.writeByte(subs);
                for (int i = 0; i < subs; i++) {
                    if (!twoColours) pixel(out, subColour[i], pf);
                    out.writeByte(subXy[i]);
                    out.writeByte(subWh[i]);
                }
                bg = tileBg;
                if (twoColours) fg = other;
                known = true;
            }
        }
    }

    /** The most frequent colour of the first {@code n} tile pixels (the background saves the most bytes). */
    private int mostCommon(int n) {
        int best = tile[0], bestCount = 0;
        // Few colours in practice: count candidates among the first distinct ones seen.
        int[] colours = new int[8], counts = new int[8];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int c = tile[i], j = 0;
            while (j < k && colours[j] != c) j++;
            if (j == k) {
                if (k == colours.length) continue; // rare colours beyond the eighth cannot be the background we pick
                colours[k++] = c;
            }
            if (++counts[j] > bestCount) {
                bestCount = counts[j];
                best = c;
            }
        }
        return best;
    }

    /**
     * Covers every non-background pixel with single-colour rectangles (grow right, then down);
     * returns how many, stopping early past 255.
     */
    private int subrects(int tw, int th, int bg) {
        int n = tw * th, count = 0;
        for (int i = 0; i < n; i++) covered[i] = tile[i] == bg;
        for (int y = 0; y < th; y++)
            for (int x = 0; x < tw; x++) {
                if (covered[y * tw + x]) continue;
                int c = tile[y * tw + x];
                int x1 = x + 1;
                while (x1 < tw && !covered[y * tw + x1] && tile[y * tw + x1] == c) x1++;
                int y1 = y + 1;
                while (y1 < th && rowMatches(y1, x, x1, tw, c)) y1++;
                for (int yy = y; yy < y1; yy++) for (int xx = x; xx < x1; xx++) covered[yy * tw + xx] = true;
                if (count == 256) return count;
                subColour[count] = c;
                subXy[count] = x << 4 | y;
                subWh[count] = (x1 - x - 1) << 4 | (y1 - y - 1);
                count++;
            }
        return count;
    }

    private boolean rowMatches(int y, int x0, int x1, int tw, int c) {
        for (int x = x0; x < x1; x++) if (covered[y * tw + x] || tile[y * tw + x] != c) return false;
        return true;
    }

    private void pixel(DataOutputStream out, int argb, PixelFormat pf) throws IOException {
        int bpp = pf.bytesPerPixel();
        if (px.length < bpp) px = new byte[bpp];
        pf.writePixel(argb, px, 0);
        out.write(px, 0, bpp);
    }
}
