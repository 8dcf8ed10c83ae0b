package org.rounds.display.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * ZRLE (16): 64x64 tiles, each sent as whichever subencoding is smallest (solid, packed palette
 * of 2..16 colours, palette RLE, plain RLE or raw), all through one zlib stream per viewer,
 * sync-flushed at the end of every rectangle.
 */
final class ZrleEncoder implements Encoder {
    static final int TILE = 64;
    private static final int MAX_PALETTE = 127;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final ByteArrayOutputStream tiles = new ByteArrayOutputStream();
    private final ColourIndex index = new ColourIndex();
    private final int[] palette = new int[MAX_PALETTE];
    private final byte[] chunk = new byte[64 * 1024];
    private byte[] px = new byte[4];

    @Override
    public int number() { return Encodings.ZRLE; }

    @Override
    public void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        tiles.reset();
        for (int ty = 0; ty < h; ty += TILE)
            for (int tx = 0; tx < w; tx += TILE)
                tile(argb, w, tx, ty, Math.min(TILE, w - tx), Math.min(TILE, h - ty), pf);
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

    private void tile(int[] argb, int stride, int tx, int ty, int tw, int th, PixelFormat pf) {
        int cp = pf.cpixelBytes();
        // One pass: palette (up to 127 colours) and the byte cost of both RLE forms.
        index.clear();
        int n = 0, prev = 0, run = 0;
        long plainRle = 0, paletteRle = 0;
        for (int y = 0; y < th; y++) {
            int row = (ty + y) * stride + tx;
            for (int x = 0; x < tw; x++) {
                int c = argb[row + x] | 0xFF000000;
                if (n <= MAX_PALETTE && index.get(c) < 0) {
                    if (n < MAX_PALETTE) {
                        index.put(c, n);
                        palette[n] = c;
                    }
                    n++; // n == 128 means "too many colours for a palette"
                }
                if (run > 0 && c == prev) {
                    run++;
                    continue;
                }
                if (run > 0) {
                    plainRle += cp + lengthBytes(run);
                    paletteRle += run == 1 ? 1 : 1 + lengthBytes(run);
                }
                prev = c;
                run = 1;
            }
        }
        plainRle += cp + lengthBytes(run);
        paletteRle += run == 1 ? 1 : 1 + lengthBytes(run);

        if (n == 1) {
            tiles.write(1);
            cpixel(palette[0], pf);
            return;
        }
        long raw = (long) tw * th * cp;
        long packed = n <= 16 ? (long) n * cp + (long) th * ((tw * bitsFor(n) + 7) / 8) : Long.MAX_VALUE;
        long palRle = n <= MAX_PALETTE ? (long) n * cp + paletteRle : Long.MAX_VALUE;
        long best = Math.min(Math.min(raw, plainRle), Math.min(packed, palRle));
        if (best == packed) packedPalette(argb, stride, tx, ty, tw, th, n, pf);
        else if (best == palRle) runs(argb, stride, tx, ty, tw, th, n, pf);
        else if (best == plainRle) runs(argb, stride, tx, ty, tw, th, 0, pf);
        else {
            tiles.write(0);
            for (int y = 0; y < th; y++)
                for (int x = 0; x < tw; x++) cpixel(argb[(ty + y) * stride + tx + x], pf);
        }
    }

    private static int bitsFor(int n) { return n == 2 ? 1 : n <= 4 ? 2 : 4; }

    /** Bytes of a run length: (run-1) as 255s and a final byte below 255. */
    private static int lengthBytes(int run) { return (run - 1) / 255 + 1; }

    private void packedPalette(int[] argb, int stride, int tx, int ty, int tw, int th, int n, PixelFormat pf) {
        tiles.write(n);
        for (int i = 0; i < n; i++) cpixel(palette[i], pf);
        int bits = bitsFor(n);
        for (int y = 0; y < th; y++) {
            int b = 0, used = 0, row = (ty + y) * stride + tx;
            for (int x = 0; x < tw; x++) {
                b = b << bits | index.get(argb[row + x] | 0xFF000000);
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

    /** Plain RLE when {@code n == 0}, palette RLE with {@code n} colours otherwise. */
    private void runs(int[] argb, int stride, int tx, int ty, int tw, int th, int n, PixelFormat pf) {
        tiles.write(n == 0 ? 128 : 128 + n);
        for (int i = 0; i < n; i++) cpixel(palette[i], pf);
        int total = tw * th, i = 0;
        while (i < total) {
            int c = argb[(ty + i / tw) * stride + tx + i % tw] | 0xFF000000, run = 1;
            while (i + run < total && (argb[(ty + (i + run) / tw) * stride + tx + (i + run) % tw] | 0xFF000000) == c) run++;
            if (n == 0) {
                cpixel(c, pf);
            } else if (run == 1) {
                tiles.write(index.get(c));
            } else {
                tiles.write(index.get(c) | 0x80);
            }
            if (n == 0 || run > 1) {
                int rest = run - 1;
                for (; rest >= 255; rest -= 255) tiles.write(255);
                tiles.write(rest);
            }
            i += run;
        }
    }

    private void cpixel(int argb, PixelFormat pf) {
        int cp = pf.cpixelBytes();
        if (px.length < cp) px = new byte[cp];
        pf.writeCpixel(argb, px, 0);
        tiles.write(px, 0, cp);
    }

    /** Colour to palette index, open addressing over 256 slots (at most 127 entries). */
    private static final class ColourIndex {
        private final int[] keys = new int[256];
        private final int[] values = new int[256];
        private final boolean[] used = new boolean[256];

        void clear() { Arrays.fill(used, false); }

        int get(int c) {
            for (int i = slot(c); used[i]; i = (i + 1) & 255) if (keys[i] == c) return values[i];
            return -1;
        }

        void put(int c, int v) {
            int i = slot(c);
            while (used[i]) i = (i + 1) & 255;
            used[i] = true;
            keys[i] = c;
            values[i] = v;
        }

        private static int slot(int c) {
            int h = c * 0x9E3779B9;
            return (h ^ (h >>> 16)) & 255;
        }
    }
}
