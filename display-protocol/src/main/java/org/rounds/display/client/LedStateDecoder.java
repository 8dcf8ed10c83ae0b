package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** QEMU LED state pseudo-encoding (-261): one byte, bit 0 Scroll Lock, bit 1 Num Lock, bit 2 Caps Lock. */
final class LedStateDecoder implements Decoder {
    private final RfbListener listener;

    LedStateDecoder(RfbListener listener) { this.listener = listener; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        return new byte[] {(byte) in.u8()};
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) { listener.ledState(data[0] & 0x07); }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
