package org.rounds.display.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** DesktopName pseudo-encoding (-307): a u32 length and the new name in UTF-8 (Latin-1 if it is not valid UTF-8). */
final class DesktopNameDecoder implements Decoder {
    static final int MAX_NAME = 4096;

    private final RfbListener listener;

    DesktopNameDecoder(RfbListener listener) { this.listener = listener; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        return in.text(MAX_NAME, "desktop name").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        listener.desktopName(new String(data, StandardCharsets.UTF_8));
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
