package org.rounds.display.client;

import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * ExtendedDesktopSize pseudo-encoding (-308): x is the reason (0 server, 1 this client, 2 another
 * client), y the status (0 = success), width x height the framebuffer size; then a u8 screen
 * count, 3 padding bytes and 16 bytes per screen (id, x, y, width, height, flags). Only a
 * successful change to another size resizes (a resize clears the pixels, so the same size must not).
 */
final class ExtendedDesktopSizeDecoder implements Decoder {

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        if (r.y() == 0 && (r.width() < 1 || r.height() < 1 || r.width() > DesktopSizeDecoder.MAX_SIDE || r.height() > DesktopSizeDecoder.MAX_SIDE))
            throw r.error("new desktop size is outside 1.." + DesktopSizeDecoder.MAX_SIDE);
        int screens = in.u8();
        in.skip(3);
        in.skip(16 * screens); // screen layout: Rounds shows one framebuffer, so only its size matters
        return new byte[0];
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        if (r.y() != 0) return; // a refused SetDesktopSize: the size is unchanged
        if (r.width() != fb.width() || r.height() != fb.height()) fb.resize(r.width(), r.height());
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
