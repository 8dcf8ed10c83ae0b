package org.rounds.display.server;

import java.util.Objects;

/**
 * A pointer shape a desktop asks viewers to draw themselves (the Cursor pseudo-encoding), so the
 * pointer moves at the endpoint's speed and is never part of the pixels sent.
 * {@code argb}: {@code width * height} pixels; alpha at or above 128 is opaque.
 */
public record CursorShape(int width, int height, int hotspotX, int hotspotY, int[] argb) {
    public CursorShape {
        Objects.requireNonNull(argb);
        if (width < 1 || height < 1 || width > 128 || height > 128 || argb.length != width * height)
            throw new IllegalArgumentException("cursor " + width + "x" + height + " with " + argb.length + " pixels");
        if (hotspotX < 0 || hotspotX >= width || hotspotY < 0 || hotspotY >= height)
            throw new IllegalArgumentException("hotspot " + hotspotX + "," + hotspotY + " outside the cursor");
    }
}
