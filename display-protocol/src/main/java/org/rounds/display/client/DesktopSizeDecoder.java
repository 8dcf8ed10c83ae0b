package org.rounds.display.client;

import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** DesktopSize pseudo-encoding (-223): the rectangle's width and height are the new framebuffer size. */
final class DesktopSizeDecoder implements Decoder {
    static final int MAX_SIDE = 16384;

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws RfbProtocolException {
        if (r.width() < 1 || r.height() < 1 || r.width() > MAX_SIDE || r.height() > MAX_SIDE)
            throw r.error("new desktop size is outside 1.." + MAX_SIDE);
        return new byte[0];
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        fb.resize(r.width(), r.height()); // resize locks the framebuffer and reports the damage itself
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
