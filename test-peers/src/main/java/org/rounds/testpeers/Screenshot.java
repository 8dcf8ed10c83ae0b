package org.rounds.testpeers;

/** The pixels of an X screen, row-major, as 0xAARRGGBB with alpha 0xFF. */
public record Screenshot(int width, int height, int[] argb) {

    public Screenshot {
        if (argb.length != width * height) {
            throw new IllegalArgumentException("argb has " + argb.length + " pixels, expected " + width * height);
        }
    }

    /** The pixel at (x, y) as 0xAARRGGBB. */
    public int pixel(int x, int y) {
        return argb[y * width + x];
    }

    /** The pixel at (x, y) as 0xRRGGBB. */
    public int rgb(int x, int y) {
        return pixel(x, y) & 0xFFFFFF;
    }
}
