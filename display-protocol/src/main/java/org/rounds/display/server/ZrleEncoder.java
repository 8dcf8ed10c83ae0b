package org.rounds.display.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * ZRLE (16): 64x64 tiles, each sent solid (one colour), as a packed palette (2..16 colours) or
 * raw, all through one zlib stream per viewer, sync-flushed at the end of every rectangle.
 */
final class ZrleEncoder implements Encoder {
    static final int TILE = 64;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final ByteArrayOutputStream tiles = new ByteArrayOutputStream();
    private byte[] chunk = new byte[64 * 1024];

    @Override
    public int number() { return Encodings.ZRLE; }

    @Override
    public void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        tiles.reset();
        int cp = pf.cpixelBytes();
        byte[] px = new byte[cp];
        int[] palette = new int[16];
        for (int ty = 0; ty < h; ty += TILE) {
            for (int tx = 0; tx < w; tx += TILE) {
                int tw = Math.min(TILE, w - tx), th = Math.min(TILE, h - ty);
                int n = palette(argb, w, tx, ty, tw, th, palette);
                if (n == 1) {
                    tiles.write(1);
                    cpixel(palette[0], pf, px);
                } else if (n > 0) {
                    packedPalette(argb, w, tx, ty, tw, th, palette, n, pf, px);
                } else {
                    tiles.write(0);
                    for (int y = 0; y < th; y++)
                        for (int x = 0; x < tw; x++) cpixel(argb[(ty + y) * w + tx + x], pf, px);
                }
            }
        }
        byte[] raw = tiles.toByteArray();
        deflater.setInput(raw);
        ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 4 + 64);
        int got;
        do { // SYNC_FLUSH: the client can inflate this rectangle without the next one
            got = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            z.write(chunk, 0, got);
        } while (got == chunk.length);
        out.writeInt(z.size());
        z.writeTo(out);
    }

    /** Distinct colours of a tile into {@code pal}; 0 when there are more than 16. */
    private static int palette(int[] argb, int stride, int tx, int ty, int tw, int th, int[] pal) {
        int n = 0;
        for (int y = 0; y < th; y++) {
            int row = (ty + y) * stride + tx;
            for (int x = 0; x < tw; x++) {
                int c = argb[row + x] | 0xFF000000;
                int i = 0;
                while (i < n && pal[i] != c) i++;
                if (i == n) {
                    if (n == 16) return 0;
                    pal[n++] = c;
                }
            }
        }
        return n;
    }

    private void packedPalette(int[] argb, int stride, int tx, int ty, int tw, int th, int[] pal, int n, PixelFormat pf, byte[] px) {
        tiles.write(n);
        for (int i = 0; i < n; i++) cpixel(pal[i], pf, px);
        int bits = n == 2 ? 1 : n <= 4 ? 2 : 4;
        for (int y = 0; y < th; y++) {
            int b = 0, used = 0, row = (ty + y) * stride + tx;
            for (int x = 0; x < tw; x++) {
                int c = argb[row + x] | 0xFF000000, idx = 0;
                while (pal[idx] != c) idx++;
                b = b << bits | idx;
                used += bits;
                if (used == 8) {
                    tiles.write(b);
                    b = 0;
                    used = 0;
                }
            }
            if (used > 0) tiles.write(b << (8 - used)); // rows are padded to a whole byte
        }
    }

    private void cpixel(int argb, PixelFormat pf, byte[] px) {
        pf.writeCpixel(argb, px, 0);
        tiles.write(px, 0, px.length);
    }
}
