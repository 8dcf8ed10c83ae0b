package org.rounds.display.client;

import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * QEMU extended key event pseudo-encoding (-258): an empty rectangle by which the server says
 * it accepts key events with scancodes (client message 255, sub-type 0).
 */
final class QemuExtendedKeyDecoder implements Decoder {
    private volatile boolean announced;

    /** True once the server has sent the rectangle. */
    boolean announced() { return announced; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) {
        announced = true; // set while reading, so a key sent right after this update already uses it
        return new byte[0];
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {}
}
