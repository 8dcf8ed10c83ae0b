package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * Tight (7) and TightPNG (-260). The first byte's low four bits reset zlib streams 0..3 (four
 * streams per connection, hence {@link Ordering#STREAM}); its high four bits choose fill (8),
 * JPEG (9), PNG (10, TightPNG only) or, below 8, basic compression from stream (bits 4-5) with an
 * optional explicit filter (bit 6): copy, palette (2..256 colours; two colours pack 1 bit per
 * pixel, rows padded to a byte) or gradient. Basic data under 12 bytes is sent uncompressed;
 * longer data and images are led by a 1-3 byte compact length. Colours are TPIXELs: R, G, B
 * bytes when the pixel format is 32-bit true colour, depth 24, 8 bits a channel; else PIXELs.
 */
final class TightDecoder implements Decoder {
    static final int FILL = 8, JPEG = 9, PNG = 10, EXPLICIT_FILTER = 4;
    static final int FILTER_COPY = 0, FILTER_PALETTE = 1, FILTER_GRADIENT = 2;
    static final int MIN_TO_COMPRESS = 12;
    static final int MAX_COMPACT_LENGTH = 4 * 1024 * 1024 - 1;

    /** Images up to this many bytes are read into reused buffers (a 1920x34 JPEG band is tens of KiB). */
    static final int MAX_POOLED_IMAGE = 1024 * 1024;

    private final boolean pngVariant;
    private final ImageBuffers images = new ImageBuffers();
    private final ZlibStream[] zlib = {new ZlibStream(), new ZlibStream(), new ZlibStream(), new ZlibStream()};

    /** {@code pngVariant}: TightPNG, which adds PNG and never uses basic compression. */
    TightDecoder(boolean pngVariant) { this.pngVariant = pngVariant; }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }

    /** Fill, JPEG and PNG rectangles that reset no zlib stream touch no state: they may be decoded in any order. */
    @Override
    public boolean ordered(byte[] data) {
        int type = (data[0] & 0xFF) >>> 4;
        return (data[0] & 0x0F) != 0 || type != FILL && type != JPEG && type != PNG;
    }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        RectBytes s = RectBytes.recording(r, in);
        int ctl = s.u8();
        int type = ctl >>> 4;
        if (type == FILL) {
            s.skip(tpixelBytes(pf));
        } else if (type == JPEG || type == PNG && pngVariant) {
            int len = compactLength(s);
            if (len <= MAX_POOLED_IMAGE) return pooled(s.recorded(), in, len);
            s.skipLong(len);
        } else if (type > JPEG || pngVariant) {
            throw s.error("unknown compression type " + type + " in control byte 0x" + Integer.toHexString(ctl));
        } else {
            Basic b = basicHeader(r, s, pf, type);
            if (b.dataSize < MIN_TO_COMPRESS) {
                s.skip((int) b.dataSize);
            } else {
                int at = s.position();
                int len = compactLength(s);
                long limit = ZlibDecoder.maxDeflated(b.dataSize);
                if (len > limit) throw s.error("zlib length " + len + " (at rectangle byte " + at + ") exceeds the " + limit + " bytes the data can need");
                s.skipLong(len);
            }
        }
        return s.recorded();
    }

    /** An image's header ({@code head}: control byte, compact length) and bytes, in a reused buffer that may be longer. */
    private byte[] pooled(byte[] head, RfbInput in, int len) throws IOException {
        byte[] b = images.take(head.length + len);
        System.arraycopy(head, 0, b, 0, head.length);
        in.readFully(b, head.length, len);
        return b;
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        RectBytes.replay(() -> decode(r, RectBytes.over(r, data), pf, fb));
        int type = (data[0] & 0xFF) >>> 4;
        if (type == JPEG || type == PNG) images.give(data); // decoded: its bytes are no longer read
        fb.damage(r.x(), r.y(), r.width(), r.height());
    }

    private void decode(Rect r, RectBytes s, PixelFormat pf, Framebuffer fb) throws IOException {
        int ctl = s.u8();
        for (int i = 0; i < 4; i++) if ((ctl & (1 << i)) != 0) zlib[i].reset();
        int type = ctl >>> 4;
        if (type == FILL) {
            int c = tpixel(s, pf);
            synchronized (fb) {
                RreDecoder.fill(fb.pixels(), fb.width(), r.x(), r.y(), r.width(), r.height(), c);
            }
        } else if (type == JPEG || type == PNG) {
            int len = compactLength(s);
            int at = s.skip(len);
            TightImages.forThisThread().paint(r, s.buffer(), at, len, type == JPEG ? "JPEG" : "PNG", fb);
        } else {
            Basic b = basicHeader(r, s, pf, type);
            int n = (int) b.dataSize, at;
            byte[] raw;
            if (n < MIN_TO_COMPRESS) {
                at = s.skip(n);
                raw = s.buffer();
            } else {
                int len = compactLength(s);
                int from = s.skip(len);
                raw = zlib[type & 3].inflateExactly(r, s.buffer(), from, len, n);
                at = 0;
            }
            synchronized (fb) {
                TightFilters.paint(r, b, raw, at, pf, fb.pixels(), fb.width());
            }
        }
    }

    /** What a basic-compression header says: the filter, the palette (if any), and the filtered data size. */
    record Basic(int filter, int[] palette, int tpixel, long dataSize) {}

    private static Basic basicHeader(Rect r, RectBytes s, PixelFormat pf, int type) throws IOException {
        int filter = (type & EXPLICIT_FILTER) != 0 ? s.u8() : FILTER_COPY;
        int tp = tpixelBytes(pf);
        return switch (filter) {
            case FILTER_COPY -> new Basic(filter, new int[0], tp, r.area() * tp);
            case FILTER_GRADIENT -> {
                if (tp != 3) throw s.error("the gradient filter is only supported for 24-bit colour");
                yield new Basic(filter, new int[0], tp, r.area() * tp);
            }
            case FILTER_PALETTE -> {
                int size = s.u8() + 1;
                int[] pal = new int[size];
                for (int i = 0; i < size; i++) pal[i] = tpixel(s, pf);
                long row = size <= 2 ? (r.width() + 7) / 8 : r.width();
                yield new Basic(filter, pal, tp, row * r.height());
            }
            default -> throw s.error("unknown filter " + filter);
        };
    }

    /** 3 when TPIXELs are packed R, G, B; else a whole PIXEL. */
    static int tpixelBytes(PixelFormat pf) {
        boolean rgb888 = pf.trueColour() && pf.bitsPerPixel() == 32 && pf.depth() == 24
                && pf.redMax() == 255 && pf.greenMax() == 255 && pf.blueMax() == 255;
        return rgb888 ? 3 : pf.bytesPerPixel();
    }

    static int tpixel(RectBytes s, PixelFormat pf) throws IOException {
        int n = tpixelBytes(pf);
        int p = s.skip(n);
        return readTpixel(s.buffer(), p, n, pf);
    }

    static int readTpixel(byte[] b, int p, int n, PixelFormat pf) {
        if (n != 3) return pf.readPixel(b, p);
        return 0xFF000000 | (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | b[p + 2] & 0xFF;
    }

    /** 7 bits in each of the first two bytes (high bit: another byte follows), 8 in the third. */
    static int compactLength(RectBytes s) throws IOException {
        int b = s.u8(), len = b & 0x7F;
        if ((b & 0x80) != 0) {
            b = s.u8();
            len |= (b & 0x7F) << 7;
            if ((b & 0x80) != 0) len |= s.u8() << 14;
        }
        return len;
    }
}
