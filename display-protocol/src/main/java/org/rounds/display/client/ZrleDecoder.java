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
        TileReader t = new TileReader(r, out, n);
        synchronized (fb) {
            int[] px = fb.pixels();
            int stride = fb.width();
            for (int ty = r.y(); ty < r.y() + r.height(); ty += TILE) {
                int th = Math.min(TILE, r.y() + r.height() - ty);
                for (int tx = r.x(); tx < r.x() + r.width(); tx += TILE) {
                    int tw = Math.min(TILE, r.x() + r.width() - tx);
                    decodeTile(t, pf, cp, px, ty * stride + tx, stride, tw, th);
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

    private static void decodeTile(TileReader t, PixelFormat pf, int cp, int[] px, int origin, int stride, int tw, int th)
            throws RfbProtocolException {
        int sub = t.u8();
        if (sub == 0) { // raw CPIXELs
            for (int y = 0; y < th; y++)
                for (int x = 0; x < tw; x++) px[origin + y * stride + x] = t.cpixel(pf, cp);
        } else if (sub == 1) { // solid
            int c = t.cpixel(pf, cp);
            for (int y = 0; y < th; y++) java.util.Arrays.fill(px, origin + y * stride, origin + y * stride + tw, c);
        } else if (sub <= 16) { // packed palette: indices of 1, 2 or 4 bits, rows padded to a byte
            int[] pal = t.palette(pf, cp, sub);
            int bits = sub == 2 ? 1 : sub <= 4 ? 2 : 4, mask = (1 << bits) - 1;
            for (int y = 0; y < th; y++) {
                int b = 0, left = 0;
                for (int x = 0; x < tw; x++) {
                    if (left == 0) { b = t.u8(); left = 8; }
                    left -= bits;
                    int idx = (b >>> left) & mask;
                    if (idx >= sub) throw t.error("palette index " + idx + " beyond palette of " + sub);
                    px[origin + y * stride + x] = pal[idx];
                }
            }
        } else if (sub == 128) { // plain RLE
            int i = 0, total = tw * th;
            while (i < total) {
                int c = t.cpixel(pf, cp);
                i = fillRun(t, px, origin, stride, tw, i, t.runLength(total - i), c);
            }
        } else if (sub >= 130) { // palette RLE
            int[] pal = t.palette(pf, cp, sub - 128);
            int i = 0, total = tw * th;
            while (i < total) {
                int b = t.u8(), idx = b & 0x7F;
                if (idx >= pal.length) throw t.error("palette index " + idx + " beyond palette of " + pal.length);
                int run = (b & 0x80) != 0 ? t.runLength(total - i) : 1;
                i = fillRun(t, px, origin, stride, tw, i, run, pal[idx]);
            }
        } else {
            throw t.error("unknown tile subencoding " + sub);
        }
    }

    private static int fillRun(TileReader t, int[] px, int origin, int stride, int tw, int i, int run, int c) {
        for (int k = 0; k < run; k++, i++) px[origin + (i / tw) * stride + i % tw] = c;
        return i;
    }

    /** Reads the inflated tile bytes; running out is a protocol error, never an ArrayIndexOutOfBounds. */
    private static final class TileReader {
        private final Rect r;
        private final byte[] buf;
        private final int end;
        private int pos;

        TileReader(Rect r, byte[] buf, int end) { this.r = r; this.buf = buf; this.end = end; }

        RfbProtocolException error(String detail) { return r.error(detail + " at inflated byte " + pos); }

        private void need(int n) throws RfbProtocolException {
            if (end - pos < n) throw error("tile data ends early");
        }

        int u8() throws RfbProtocolException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int cpixel(PixelFormat pf, int cp) throws RfbProtocolException {
            need(cp);
            int c = pf.readCpixel(buf, pos);
            pos += cp;
            return c;
        }

        int[] palette(PixelFormat pf, int cp, int size) throws RfbProtocolException {
            int[] pal = new int[size];
            for (int i = 0; i < size; i++) pal[i] = cpixel(pf, cp);
            return pal;
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
}
