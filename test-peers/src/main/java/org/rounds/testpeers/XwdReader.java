package org.rounds.testpeers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the X Window Dump format that {@code xwd -root} writes: a header of 25 CARD32
 * (written most-significant byte first by xwd; the other order is accepted too), the window
 * name, the colormap, then the ZPixmap rows. True-colour images of 24 or 32 bits per pixel
 * (Xvnc, Xvfb at depth 24) and 8-bit colour-mapped ones (Xvfb at depth 8, PseudoColor).
 */
final class XwdReader {

    private static final int XWD_FILE_VERSION = 7;
    private static final int Z_PIXMAP = 2;
    private static final int LSB_FIRST = 0;
    private static final int HEADER_FIELDS = 25;

    private XwdReader() {}

    static Screenshot read(byte[] bytes) {
        if (bytes.length < HEADER_FIELDS * 4) {
            throw new IllegalArgumentException("xwd: " + bytes.length + " bytes is shorter than the header");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        if (header.getInt(4) != XWD_FILE_VERSION) {
            header.order(ByteOrder.LITTLE_ENDIAN);
            if (header.getInt(4) != XWD_FILE_VERSION) {
                throw new IllegalArgumentException("xwd: not an X11 window dump (file version is not 7)");
            }
        }
        int[] h = new int[HEADER_FIELDS];
        for (int i = 0; i < HEADER_FIELDS; i++) {
            h[i] = header.getInt(i * 4);
        }
        int headerSize = h[0];
        int format = h[2];
        int width = h[4];
        int height = h[5];
        int byteOrder = h[7];
        int bitsPerPixel = h[11];
        int bytesPerLine = h[12];
        int redMask = h[14];
        int greenMask = h[15];
        int blueMask = h[16];
        int colours = h[19];
        if (format != Z_PIXMAP) {
            throw new IllegalArgumentException("xwd: pixmap format " + format + " is not ZPixmap");
        }
        if (bitsPerPixel == 8 && redMask == 0) {
            return colourMapped(bytes, header, headerSize, width, height, bytesPerLine, colours);
        }
        if (bitsPerPixel != 24 && bitsPerPixel != 32) {
            throw new IllegalArgumentException("xwd: " + bitsPerPixel + " bits per pixel is not supported");
        }
        if (redMask == 0 || greenMask == 0 || blueMask == 0) {
            throw new IllegalArgumentException("xwd: not a true-colour image (a colour mask is zero)");
        }
        long dataStart = (long) headerSize + 12L * colours;
        if (dataStart + (long) bytesPerLine * height > bytes.length) {
            throw new IllegalArgumentException("xwd: truncated image data");
        }
        int bytesPerPixel = bitsPerPixel / 8;
        boolean lsbFirst = byteOrder == LSB_FIRST;
        Channel red = new Channel(redMask);
        Channel green = new Channel(greenMask);
        Channel blue = new Channel(blueMask);
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++) {
            int row = (int) dataStart + y * bytesPerLine;
            for (int x = 0; x < width; x++) {
                int value = pixelValue(bytes, row + x * bytesPerPixel, bytesPerPixel, lsbFirst);
                argb[y * width + x] = 0xFF000000 | red.of(value) << 16 | green.of(value) << 8 | blue.of(value);
            }
        }
        return new Screenshot(width, height, argb);
    }

    /** Each XWDColor is pixel (CARD32), red, green, blue (CARD16 each), flags, pad; colours keep their top 8 bits. */
    private static Screenshot colourMapped(byte[] bytes, ByteBuffer header, int headerSize, int width, int height,
                                           int bytesPerLine, int colours) {
        int[] map = new int[256];
        java.util.Arrays.fill(map, 0xFF000000);
        for (int i = 0; i < colours; i++) {
            int at = headerSize + 12 * i;
            int pixel = header.getInt(at);
            int r = header.getShort(at + 4) & 0xFFFF, g = header.getShort(at + 6) & 0xFFFF, b = header.getShort(at + 8) & 0xFFFF;
            if (pixel >= 0 && pixel < 256) map[pixel] = 0xFF000000 | (r >>> 8) << 16 | (g >>> 8) << 8 | b >>> 8;
        }
        long dataStart = (long) headerSize + 12L * colours;
        if (dataStart + (long) bytesPerLine * height > bytes.length) {
            throw new IllegalArgumentException("xwd: truncated image data");
        }
        int[] argb = new int[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) argb[y * width + x] = map[bytes[(int) dataStart + y * bytesPerLine + x] & 0xFF];
        return new Screenshot(width, height, argb);
    }

    private static int pixelValue(byte[] b, int at, int n, boolean lsbFirst) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            int octet = b[at + (lsbFirst ? n - 1 - i : i)] & 0xFF;
            v = v << 8 | octet;
        }
        return v;
    }

    /** One colour channel given by its mask, scaled to 8 bits. */
    private static final class Channel {
        private final int mask;
        private final int shift;
        private final int max;

        Channel(int mask) {
            this.mask = mask;
            this.shift = Integer.numberOfTrailingZeros(mask);
            this.max = mask >>> shift;
        }

        int of(int pixel) {
            int v = (pixel & mask) >>> shift;
            return max == 0xFF ? v : Math.round(v * 255f / max);
        }
    }
}
