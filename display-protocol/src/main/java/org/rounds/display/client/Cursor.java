package org.rounds.display.client;

/**
 * The server's pointer shape: {@code width} x {@code height} non-premultiplied ARGB pixels
 * (alpha 0 is transparent), row by row, with the hotspot (the pixel that points) at
 * ({@code hotspotX}, {@code hotspotY}). A 0x0 cursor means "hide the pointer". The array is
 * the receiver's to keep; nothing else writes it.
 */
public record Cursor(int width, int height, int hotspotX, int hotspotY, int[] argb) {
    public Cursor {
        if (width < 0 || height < 0 || argb.length != width * height)
            throw new IllegalArgumentException("cursor " + width + "x" + height + " with " + argb.length + " pixels");
    }
}
