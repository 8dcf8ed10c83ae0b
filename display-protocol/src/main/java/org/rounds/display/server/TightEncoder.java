package org.rounds.display.server;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.Deflater;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/**
 * Tight (7). Each rectangle is sent as a fill (one colour), a mono palette (two colours, one
 * bit a pixel, zlib stream 1), an indexed palette (up to 256 colours, a byte a pixel, stream 2),
 * JPEG (many colours, when the viewer sent tight-quality-N and pixels are 32-bit) or full colour
 * (stream 0). Streams live as long as the encoder and are sync-flushed after each rectangle, at
 * the tight-compress-N zlib level. Areas larger than Tight's 2048-wide / 65536-pixel limit are
 * split, as TigerVNC and libvncserver do.
 */
final class TightEncoder implements Encoder {
    static final int MAX_WIDTH = 2048, MAX_AREA = 65536;
    static final int FILL = 0x80, JPEG = 0x90, EXPLICIT_FILTER = 0x40, FILTER_PALETTE = 1;
    static final int STREAM_FULL = 0, STREAM_MONO = 1, STREAM_INDEXED = 2;
    static final int MIN_TO_COMPRESS = 12;
    /** Palettes above this many colours go to JPEG when JPEG is allowed (TigerVNC keeps small palettes lossless too). */
    static final int JPEG_ABOVE_COLOURS = 24;

    private final Deflater[] streams = new Deflater[4];
    private final Palette palette = new Palette();
    private final byte[] chunk = new byte[32 * 1024];
    private int resetBits = 0x0F; // a new encoder starts the viewer's four streams afresh
    private EncodingHints hints = new EncodingHints(EncodingHints.DEFAULT_COMPRESS, -1);

    @Override
    public int number() { return Encodings.TIGHT; }

    @Override
    public void hints(EncodingHints h) {
        hints = h;
        for (Deflater d : streams) if (d != null) d.setLevel(h.compressLevel());
    }

    @Override
    public int rectangles(int w, int h) {
        int sw = Math.min(w, MAX_WIDTH), sh = Math.max(1, MAX_AREA / sw);
        return ((w + sw - 1) / sw) * ((h + sh - 1) / sh);
    }

    @Override
    public void write(int x, int y, int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        if (rectangles(w, h) == 1) {
            Encoder.header(out, x, y, w, h, number());
            encode(argb, w, h, pf, out);
            return;
        }
        int sw = Math.min(w, MAX_WIDTH), sh = Math.max(1, MAX_AREA / sw);
        for (int y0 = 0; y0 < h; y0 += sh)
            for (int x0 = 0; x0 < w; x0 += sw) {
                int cw = Math.min(sw, w - x0), ch = Math.min(sh, h - y0);
                int[] part = new int[cw * ch];
                for (int r = 0; r < ch; r++) System.arraycopy(argb, (y0 + r) * w + x0, part, r * cw, cw);
                Encoder.header(out, x + x0, y + y0, cw, ch, number());
                encode(part, cw, ch, pf, out);
            }
    }

    @Override
    public void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        if ((long) w * h > MAX_AREA || w > MAX_WIDTH) throw new IllegalArgumentException("tight rectangle " + w + "x" + h + " exceeds Tight's limits");
        int tp = tpixelBytes(pf);
        boolean jpeg = hints.jpegQuality() >= 0 && pf.bitsPerPixel() == 32;
        int n = palette.build(argb, w * h, jpeg ? JPEG_ABOVE_COLOURS : 256);
        int reset = resetBits;
        if (n == 1) {
            out.writeByte(FILL | reset);
            tpixel(out, argb[0], pf, tp);
        } else if (n == 2) {
            out.writeByte((STREAM_MONO << 4 | EXPLICIT_FILTER) | reset);
            paletteHeader(out, 2, pf, tp);
            int row = (w + 7) / 8;
            byte[] bits = new byte[row * h];
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (palette.indexOf(argb[y * w + x]) == 1) bits[y * row + x / 8] |= (byte) (0x80 >>> (x & 7));
            compressed(out, STREAM_MONO, bits);
        } else if (n > 0) {
            out.writeByte((STREAM_INDEXED << 4 | EXPLICIT_FILTER) | reset);
            paletteHeader(out, n, pf, tp);
            byte[] idx = new byte[w * h];
            for (int i = 0; i < idx.length; i++) idx[i] = (byte) palette.indexOf(argb[i]);
            compressed(out, STREAM_INDEXED, idx);
        } else if (jpeg) {
            out.writeByte(JPEG | reset);
            byte[] jpg = JpegImages.encode(argb, w, h, hints.jpegQuality());
            compactLength(out, jpg.length);
            out.write(jpg);
        } else {
            out.writeByte((STREAM_FULL << 4) | reset);
            byte[] data = new byte[w * h * tp];
            for (int i = 0, at = 0; i < w * h; i++, at += tp) tpixel(data, at, argb[i], pf, tp);
            compressed(out, STREAM_FULL, data);
        }
        resetBits = 0;
    }

    private void paletteHeader(DataOutputStream out, int n, PixelFormat pf, int tp) throws IOException {
        out.writeByte(FILTER_PALETTE);
        out.writeByte(n - 1);
        for (int i = 0; i < n; i++) tpixel(out, palette.colour(i), pf, tp);
    }

    /** Data under 12 bytes goes as is; longer data through the stream, led by its compact length. */
    private void compressed(DataOutputStream out, int stream, byte[] data) throws IOException {
        if (data.length < MIN_TO_COMPRESS) {
            out.write(data);
            return;
        }
        Deflater d = streams[stream];
        if (d == null) streams[stream] = d = new Deflater(hints.compressLevel());
        d.setInput(data);
        ByteArrayOutputStream z = new ByteArrayOutputStream(data.length / 4 + 64);
        int got;
        do {
            got = d.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            z.write(chunk, 0, got);
        } while (got == chunk.length);
        compactLength(out, z.size());
        z.writeTo(out);
    }

    /** 7 bits a byte, high bit set when another follows; at most three bytes (22 bits). */
    static void compactLength(DataOutputStream out, int len) throws IOException {
        out.writeByte(len & 0x7F | (len > 0x7F ? 0x80 : 0));
        if (len > 0x7F) {
            out.writeByte(len >>> 7 & 0x7F | (len > 0x3FFF ? 0x80 : 0));
            if (len > 0x3FFF) out.writeByte(len >>> 14 & 0xFF);
        }
    }

    /** 3 (R, G, B) when the pixel format is 32-bit, depth 24, 8 bits a channel; else a whole pixel. */
    static int tpixelBytes(PixelFormat pf) {
        boolean rgb888 = pf.bitsPerPixel() == 32 && pf.depth() == 24
                && pf.redMax() == 255 && pf.greenMax() == 255 && pf.blueMax() == 255;
        return rgb888 ? 3 : pf.bytesPerPixel();
    }

    private static void tpixel(byte[] b, int at, int argb, PixelFormat pf, int tp) {
        if (tp == 3) {
            b[at] = (byte) (argb >>> 16);
            b[at + 1] = (byte) (argb >>> 8);
            b[at + 2] = (byte) argb;
        } else {
            pf.writePixel(argb, b, at);
        }
    }

    private static void tpixel(DataOutputStream out, int argb, PixelFormat pf, int tp) throws IOException {
        byte[] b = new byte[4];
        tpixel(b, 0, argb, pf, tp);
        out.write(b, 0, tp);
    }

    /** The distinct colours of a rectangle (alpha ignored), in first-seen order, when there are at most {@code max}. */
    static final class Palette {
        private final int[] keys = new int[1024], values = new int[1024], colours = new int[256];
        private final boolean[] used = new boolean[1024];
        private int size;

        /** Returns the number of colours, or 0 when there are more than {@code max}. */
        int build(int[] argb, int n, int max) {
            java.util.Arrays.fill(used, false);
            size = 0;
            int last = 0, lastIndex = -1;
            for (int i = 0; i < n; i++) {
                int c = argb[i] & 0xFFFFFF;
                if (lastIndex >= 0 && c == last) continue;
                last = c;
                lastIndex = find(c);
                if (lastIndex < 0) {
                    if (size == max) return 0;
                    put(c, size);
                    colours[size] = c | 0xFF000000;
                    lastIndex = size++;
                }
            }
            return size;
        }

        int colour(int i) { return colours[i]; }

        int indexOf(int argb) { return find(argb & 0xFFFFFF); }

        private int find(int c) {
            for (int i = slot(c); used[i]; i = (i + 1) & 1023) if (keys[i] == c) return values[i];
            return -1;
        }

        private void put(int c, int v) {
            int i = slot(c);
            while (used[i]) i = (i + 1) & 1023;
            used[i] = true;
            keys[i] = c;
            values[i] = v;
        }

        private static int slot(int c) {
            int h = c * 0x9E3779B9;
            return (h ^ (h >>> 16)) & 1023;
        }
    }
}
