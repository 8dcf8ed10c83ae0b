package org.rounds.display.client;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * ZRLE (16): a u32 length, then zlib data (one stream for the whole connection, hence
 * {@link Ordering#STREAM}) holding 64x64 tiles, each raw, solid, packed palette, plain RLE or
 * palette RLE. Every length is bounded by what the rectangle could honestly need.
 */
final class ZrleDecoder implements Decoder {
    static final int TILE = 64;

    private final Inflater inflater = new Inflater();
    private byte[] out = new byte[0];
    private final int[] palette = new int[127];

    /** Most bytes a rectangle's tiles can take once inflated (plain RLE of single-pixel runs is the worst case). */
    static long maxInflated(Rect r, int cpixel) {
        long tiles = ((r.width() + TILE - 1L) / TILE) * ((r.height() + TILE - 1L) / TILE);
        return r.area() * (cpixel + 1) + tiles * (1 + 127L * cpixel);
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        long at = in.offset();
        long len = in.u32();
        long inflated = maxInflated(r, pf.cpixelBytes());
        long limit = inflated + inflated / 64 + 4096; // zlib's stored blocks add 5 bytes per 64 KiB
        if (len > limit || len > Integer.MAX_VALUE - 16)
            throw RfbProtocolException.at("FramebufferUpdate", r.encodingName(), at,
                    "zlib length " + len + " exceeds the " + limit + " bytes a " + r.width() + "x" + r.height() + " rectangle can need");
        return in.bytes((int) len);
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        int cp = pf.cpixelBytes();
        int n = inflate(r, data, (int) Math.min(maxInflated(r, cp), Integer.MAX_VALUE - 16));
        TileReader t = new TileReader(r, out, n, pf, cp, palette);
        synchronized (fb) {
            int[] px = fb.pixels();
            int stride = fb.width();
            for (int ty = r.y(); ty < r.y() + r.height(); ty += TILE) {
                int th = Math.min(TILE, r.y() + r.height() - ty);
                for (int tx = r.x(); tx < r.x() + r.width(); tx += TILE) {
                    int tw = Math.min(TILE, r.x() + r.width() - tx);
                    decodeTile(t, px, ty * stride + tx, stride, tw, th);
                }
            }
        }
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    private int inflate(Rect r, byte[] data, int max) throws RfbProtocolException {
        inflater.setInput(data);
        int n = 0;
        try {
            while (true) {
                if (n == out.length) {
                    if (n > max) throw r.error("zlib data inflates beyond the " + max + " bytes the rectangle can hold");
                    byte[] bigger = new byte[(int) Math.min(Math.max(4096L, 2L * out.length), max + 1L)];
                    System.arraycopy(out, 0, bigger, 0, n);
                    out = bigger;
                }
                int got = inflater.inflate(out, n, out.length - n);
                n += got;
                if (got == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) break;
            }
        } catch (DataFormatException e) {
            throw r.error("corrupt zlib data (" + e.getMessage() + ")");
        }
        if (n > max) throw r.error("zlib data inflates beyond the " + max + " bytes the rectangle can hold");
        return n;
    }

    /** Paints one tile straight into the framebuffer's array, row by row (no per-pixel division or allocation). */
    private static void decodeTile(TileReader t, int[] px, int origin, int stride, int tw, int th) throws RfbProtocolException {
        int sub = t.u8();
        if (sub == 0) { // raw CPIXELs
            t.need(tw * th * t.cp);
            for (int y = 0; y < th; y++) t.cpixels(px, origin + y * stride, tw);
        } else if (sub == 1) { // solid
            int c = t.cpixel();
            for (int y = 0; y < th; y++) java.util.Arrays.fill(px, origin + y * stride, origin + y * stride + tw, c);
        } else if (sub <= 16) { // packed palette: indices of 1, 2 or 4 bits, rows padded to a byte
            int[] pal = t.palette(sub);
            int bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4, mask = (1 << bits) - 1;
            t.need(th * ((tw * bits + 7) / 8));
            for (int y = 0; y < th; y++) {
                int b = 0, left = 0, row = origin + y * stride;
                for (int x = 0; x < tw; x++) {
                    if (left == 0) { b = t.buf[t.pos++] & 0xFF; left = 8; }
                    left -= bits;
                    int idx = (b >>> left) & mask;
                    if (idx >= sub) throw t.error("palette index " + idx + " beyond palette of " + sub);
                    px[row + x] = pal[idx];
                }
            }
        } else if (sub == 128) { // plain RLE
            int i = 0, total = tw * th;
            while (i < total) {
                int c = t.cpixel();
                i = fillRun(px, origin, stride, tw, i, t.runLength(total - i), c);
            }
        } else if (sub >= 130) { // palette RLE
            int size = sub - 128;
            int[] pal = t.palette(size);
            int i = 0, total = tw * th;
            while (i < total) {
                int b = t.u8(), idx = b & 0x7F;
                if (idx >= size) throw t.error("palette index " + idx + " beyond palette of " + size);
                if ((b & 0x80) == 0) {
                    px[origin + (i / tw) * stride + i % tw] = pal[idx];
                    i++;
                } else {
                    i = fillRun(px, origin, stride, tw, i, t.runLength(total - i), pal[idx]);
                }
            }
        } else {
            throw t.error("unknown tile subencoding " + sub);
        }
    }

    /** Fills {@code run} pixels from tile index {@code i}, a row segment at a time. */
    private static int fillRun(int[] px, int origin, int stride, int tw, int i, int run, int c) {
        int y = i / tw, x = i - y * tw;
        while (run > 0) {
            int n = Math.min(run, tw - x), at = origin + y * stride + x;
            java.util.Arrays.fill(px, at, at + n, c);
            run -= n;
            i += n;
            x = 0;
            y++;
        }
        return i;
    }

    /**
     * Reads the inflated tile bytes; running out is a protocol error, never an
     * ArrayIndexOutOfBounds. CPIXELs of the usual format (three bytes B, G, R of a little-endian
     * 32-bit pixel with shifts 16/8/0) are read in place, others through {@link PixelFormat}.
     */
    private static final class TileReader {
        private final Rect r;
        final byte[] buf;
        private final int end;
        private final PixelFormat pf;
        final int cp;
        private final boolean bgr;
        private final int[] palette;
        int pos;

        TileReader(Rect r, byte[] buf, int end, PixelFormat pf, int cp, int[] palette) {
            this.r = r;
            this.buf = buf;
            this.end = end;
            this.pf = pf;
            this.cp = cp;
            this.palette = palette;
            bgr = cp == 3 && isLittleEndianRgb888(pf);
        }

        RfbProtocolException error(String detail) { return r.error(detail + " at inflated byte " + pos); }

        void need(int n) throws RfbProtocolException {
            if (end - pos < n) throw error("tile data ends early");
        }

        int u8() throws RfbProtocolException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int cpixel() throws RfbProtocolException {
            need(cp);
            int p = pos;
            pos += cp;
            if (bgr) return 0xFF000000 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 1] & 0xFF) << 8 | buf[p] & 0xFF;
            return pf.readCpixel(buf, p);
        }

        /** {@code n} CPIXELs into {@code px[at..]}; the caller has checked they are there. */
        void cpixels(int[] px, int at, int n) {
            int p = pos;
            if (bgr) {
                for (int x = 0; x < n; x++, p += 3)
                    px[at + x] = 0xFF000000 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 1] & 0xFF) << 8 | buf[p] & 0xFF;
            } else {
                for (int x = 0; x < n; x++, p += cp) px[at + x] = pf.readCpixel(buf, p);
            }
            pos = p;
        }

        /** The tile's palette, in an array reused from tile to tile (only its first {@code size} entries are valid). */
        int[] palette(int size) throws RfbProtocolException {
            need(size * cp);
            for (int i = 0; i < size; i++) palette[i] = cpixel();
            return palette;
        }

        /** 1 + the sum of bytes up to and including the first that is not 255; must fit in what is left of the tile. */
        int runLength(int left) throws RfbProtocolException {
            int len = 1, b;
            do {
                b = u8();
                len += b;
                if (len > left) throw error("run of " + len + " pixels overflows the tile");
            } while (b == 255);
            return len;
        }
    }

    /** 32-bit little-endian true colour, 8 bits a channel at shifts 16/8/0: a CPIXEL is then the bytes B, G, R. */
    static boolean isLittleEndianRgb888(PixelFormat pf) {
        return pf.trueColour() && pf.bitsPerPixel() == 32 && !pf.bigEndian() && pf.redMax() == 255 && pf.greenMax() == 255
                && pf.blueMax() == 255 && pf.redShift() == 16 && pf.greenShift() == 8 && pf.blueShift() == 0;
    }
}
