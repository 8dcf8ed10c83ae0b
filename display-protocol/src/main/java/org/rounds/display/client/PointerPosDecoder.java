package org.rounds.display.client;

import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * PointerPos pseudo-encoding (-232), and VMware cursor position (0x574D5666, what Xvnc sends):
 * no data; the rectangle's x, y is where the server put the pointer.
 */
final class PointerPosDecoder implements Decoder {
    private final RfbListener listener;

    PointerPosDecoder(RfbListener listener) { this.listener = listener; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) { return new byte[0]; }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) { listener.pointerPosition(r.x(), r.y()); }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
