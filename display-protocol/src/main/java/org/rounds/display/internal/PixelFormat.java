package org.rounds.display.internal;

import java.io.DataOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * An RFB PIXEL_FORMAT (16 bytes on the wire) and the conversions between its pixels and ARGB.
 * True-colour formats of 8, 16 or 32 bits; a client also decodes colour-mapped formats of 8 or
 * 16 bits through their {@link ColourMap} (our server refuses them, as TigerVNC's does).
 */
public record PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour,
                          int redMax, int greenMax, int blueMax, int redShift, int greenShift, int blueShift,
                          ColourMap colourMap) {

    /** A true-colour format (no colour map). */
    public PixelFormat(int bitsPerPixel, int depth, boolean bigEndian, boolean trueColour,
                       int redMax, int greenMax, int blueMax, int redShift, int greenShift, int blueShift) {
        this(bitsPerPixel, depth, bigEndian, trueColour, redMax, greenMax, blueMax, redShift, greenShift, blueShift,
                trueColour ? null : new ColourMap(bitsPerPixel));
    }

    /** 32-bit little-endian true colour, depth 24, shifts 16/8/0: what our client asks for and our server announces. */
    public static final PixelFormat ARGB32_LE = new PixelFormat(32, 24, false, true, 255, 255, 255, 16, 8, 0);

    public static PixelFormat read(RfbInput in) throws IOException {
        int bpp = in.u8(), depth = in.u8();
        boolean be = in.u8() != 0, tc = in.u8() != 0; // true-colour flag: non-zero is true (x11vnc sends 255)
        int rm = in.u16(), gm = in.u16(), bm = in.u16();
        int rs = in.u8(), gs = in.u8(), bs = in.u8();
        in.skip(3);
        return new PixelFormat(bpp, depth, be, tc, rm, gm, bm, rs, gs, bs);
    }

    public void write(DataOutput out) throws IOException {
        out.writeByte(bitsPerPixel);
        out.writeByte(depth);
        out.writeByte(bigEndian ? 1 : 0);
        out.writeByte(trueColour ? 1 : 0);
        out.writeShort(redMax);
        out.writeShort(greenMax);
        out.writeShort(blueMax);
        out.writeByte(redShift);
        out.writeByte(greenShift);
        out.writeByte(blueShift);
        out.write(new byte[3]);
    }

    /** 16-bit 5-6-5 true colour, little-endian: a third of the bytes of 32-bit for slow links. */
    public static final PixelFormat RGB565_LE = new PixelFormat(16, 16, false, true, 31, 63, 31, 11, 5, 0);
    /** 8-bit 3-3-2 true colour (256 colours), TigerVNC's "medium" format for very slow links. */
    public static final PixelFormat RGB332 = new PixelFormat(8, 8, false, true, 7, 7, 3, 5, 2, 0);

    /** Why a client cannot decode this format, or empty: true colour as below, or a colour map of 8 or 16 bits. */
    public Optional<String> undecodableReason() {
        if (!trueColour) {
            return bitsPerPixel == 8 || bitsPerPixel == 16 ? Optional.empty()
                    : Optional.of("a colour map with " + bitsPerPixel + " bits per pixel is not supported");
        }
        return unsupportedReason();
    }

    /** Why this format cannot be used as a true-colour format (all our server takes), or empty when it can. */
    public Optional<String> unsupportedReason() {
        if (!trueColour) return Optional.of("colour-map pixel formats are not supported");
        if (bitsPerPixel != 8 && bitsPerPixel != 16 && bitsPerPixel != 32)
            return Optional.of(bitsPerPixel + " bits per pixel is not supported");
        for (int[] c : new int[][] {{redMax, redShift}, {greenMax, greenShift}, {blueMax, blueShift}}) {
            if (c[0] < 1 || c[0] > 255 || Integer.bitCount(c[0] + 1) != 1)
                return Optional.of("colour max " + c[0] + " is not 2^n-1 up to 255");
            if (c[1] + Integer.bitCount(c[0]) > bitsPerPixel)
                return Optional.of("colour shift " + c[1] + " does not fit in " + bitsPerPixel + " bits");
        }
        return Optional.empty();
    }

    public int bytesPerPixel() { return bitsPerPixel / 8; }

    private int colourMask() { return (redMax << redShift) | (greenMax << greenShift) | (blueMax << blueShift); }

    private boolean cpixelIsLowBytes() { return (colourMask() & 0xFF000000) == 0; }

    private boolean compactCpixel() {
        return trueColour && bitsPerPixel == 32 && depth <= 24
                && (cpixelIsLowBytes() || (colourMask() & 0xFF) == 0);
    }

    /** Bytes of a ZRLE/TRLE CPIXEL: 3 when the colour bits fit in three bytes of a 32-bit pixel. */
    public int cpixelBytes() { return compactCpixel() ? 3 : bytesPerPixel(); }

    /** Converts a pixel value (already assembled from its bytes) to opaque ARGB. */
    public int toArgb(int v) {
        if (!trueColour) return colourMap == null ? 0xFF000000 : colourMap.argb(v);
        int r = scaleTo8((v >>> redShift) & redMax, redMax);
        int g = scaleTo8((v >>> greenShift) & greenMax, greenMax);
        int b = scaleTo8((v >>> blueShift) & blueMax, blueMax);
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    /** Converts opaque-or-not ARGB to a pixel value in this format (alpha dropped). */
    public int fromArgb(int argb) {
        int r = (argb >>> 16) & 0xFF, g = (argb >>> 8) & 0xFF, b = argb & 0xFF;
        return scaleFrom8(r, redMax) << redShift | scaleFrom8(g, greenMax) << greenShift | scaleFrom8(b, blueMax) << blueShift;
    }

    /** Keeps the top bits (max is 2^n-1), so a colour survives the trip to n bits and back. */
    private static int scaleFrom8(int c, int max) { return c >>> (8 - Integer.bitCount(max)); }

    private static int scaleTo8(int c, int max) { return max == 255 ? c : (c * 255 + max / 2) / max; }

    /** Reads one PIXEL at {@code off} and returns ARGB. */
    public int readPixel(byte[] buf, int off) {
        return toArgb(readValue(buf, off, bytesPerPixel(), 0));
    }

    /** Reads one CPIXEL at {@code off} and returns ARGB. */
    public int readCpixel(byte[] buf, int off) {
        if (!compactCpixel()) return readPixel(buf, off);
        // The CPIXEL holds the three significant bytes in the pixel's own byte order.
        return toArgb(readValue(buf, off, 3, cpixelIsLowBytes() ? 0 : 8));
    }

    public void writePixel(int argb, byte[] buf, int off) { writeValue(fromArgb(argb), buf, off, bytesPerPixel(), 0); }

    public void writeCpixel(int argb, byte[] buf, int off) {
        if (!compactCpixel()) writePixel(argb, buf, off);
        else writeValue(fromArgb(argb), buf, off, 3, cpixelIsLowBytes() ? 0 : 8);
    }

    private int readValue(byte[] buf, int off, int n, int shift) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int byteIndex = bigEndian ? n - 1 - i : i; // i = significance
            v |= (buf[off + byteIndex] & 0xFF) << (8 * i);
        }
        return v << shift;
    }

    private void writeValue(int v, byte[] buf, int off, int n, int shift) {
        v >>>= shift;
        for (int i = 0; i < n; i++) buf[off + (bigEndian ? n - 1 - i : i)] = (byte) (v >>> (8 * i));
    }
}
