package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * VMware LED state pseudo-encoding (0x574D5668): a u32 whose low bits are QEMU's (bit 0 Scroll
 * Lock, bit 1 Num Lock, bit 2 Caps Lock), so the listener hears the same as from
 * {@link LedStateDecoder}. A server that knows both sends QEMU's when both are listed.
 */
final class VMwareLedStateDecoder implements Decoder {
    private final RfbListener listener;

    VMwareLedStateDecoder(RfbListener listener) { this.listener = listener; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        return new byte[] {(byte) in.u32()}; // bits above Caps Lock mean nothing to us
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) { listener.ledState(data[0] & 0x07); }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
