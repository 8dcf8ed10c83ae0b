package org.rounds.display.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * ExtendedDesktopSize pseudo-encoding (-308): x is the reason (0 server, 1 this client, 2 another
 * client), y the status (0 = success), width x height the framebuffer size; then a u8 screen
 * count, 3 padding bytes and 16 bytes per screen (id, x, y, width, height, flags). Only a
 * successful change to another size resizes (a resize clears the pixels, so the same size must not).
 * The screen layout is kept because SetDesktopSize must send one; an answer to our own request
 * (reason 1) goes to {@link RfbListener#desktopSizeResult}.
 */
final class ExtendedDesktopSizeDecoder implements Decoder {
    static final int REASON_THIS_CLIENT = 1;
    /** rfbproto allows up to 255 screens (u8 count); each is 16 bytes. */
    private static final int SCREEN_BYTES = 16;

    /** One screen of the server's layout. */
    record Screen(int id, int x, int y, int width, int height, int flags) {}

    private final RfbListener listener;
    private volatile List<Screen> screens = List.of();
    private volatile boolean announced;

    ExtendedDesktopSizeDecoder(RfbListener listener) { this.listener = listener; }

    /** True once the server has sent one such rectangle, which is how it says it supports SetDesktopSize. */
    boolean announced() { return announced; }

    /** The last screen layout the server reported. */
    List<Screen> screens() { return screens; }

    @Override
    public byte[] readRect(Rect r, RfbInput in, PixelFormat pf) throws IOException {
        String why = r.y() == 0 ? DesktopSizeDecoder.refusal(r.width(), r.height()) : null;
        if (why != null) throw r.error("new desktop " + why);
        int count = in.u8();
        in.skip(3);
        return in.bytes(SCREEN_BYTES * count);
    }

    @Override
    public void decodeRect(Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        announced = true;
        ByteBuffer b = ByteBuffer.wrap(data);
        List<Screen> layout = new ArrayList<>();
        while (b.remaining() >= SCREEN_BYTES) {
            layout.add(new Screen(b.getInt(), b.getShort() & 0xFFFF, b.getShort() & 0xFFFF, b.getShort() & 0xFFFF,
                    b.getShort() & 0xFFFF, b.getInt()));
        }
        if (r.y() == 0) {
            screens = List.copyOf(layout);
            if (r.width() != fb.width() || r.height() != fb.height()) fb.resize(r.width(), r.height());
        }
        if (r.x() == REASON_THIS_CLIENT) listener.desktopSizeResult(new DesktopSizeResult(r.y(), fb.width(), fb.height()));
    }

    @Override
    public Ordering ordering() { return Ordering.STREAM; }
}
