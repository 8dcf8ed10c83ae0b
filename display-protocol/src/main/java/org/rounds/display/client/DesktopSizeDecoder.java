package org.rounds.display.client;

import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** DesktopSize pseudo-encoding (-223): the rectangle's width and height are the new framebuffer size. */
final class DesktopSizeDecoder implements Decoder {
    static final int MAX_SIDE = 16384;
    /**
     * Pixels a server may make us hold: 64 Mi (256 MiB of ARGB), room for two 8K monitors side by
     * side. The side cap alone would allow 16384x16384, a 1 GiB framebuffer a hostile server
     * could make every cart allocate.
     */
    static final long MAX_PIXELS = 64L * 1024 * 1024;

    /** Why a server's framebuffer size is refused (one line naming it), or null when we take it. */
    static String refusal(int w, int h) {
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) return "framebuffer size " + w + "x" + h + " is outside 1.." + MAX_SIDE + " per side";
        if ((long) w * h > MAX_PIXELS) return "framebuffer size " + w + "x" + h + " exceeds the limit of " + MAX_PIXELS + " pixels";
        return null;
    }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws RfbProtocolException {
        String why = refusal(r.width(), r.height());
        if (why != null) throw r.error("new desktop " + why);
        return new byte[0];
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        fb.resize(r.width(), r.height()); // resize locks the framebuffer and reports the damage itself
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
