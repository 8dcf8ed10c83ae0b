package org.rounds.display.client;

import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** LastRect pseudo-encoding (-224): no data; ends an update sent with rectangle count 0xFFFF. */
final class LastRectDecoder implements Decoder {
    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) { return new byte[0]; }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {}

    @Override
    public boolean endsUpdate() { return true; }
}
