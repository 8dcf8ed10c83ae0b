package org.rounds.display.client;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/**
 * Plays a recorded server byte stream (for instance {@link org.rounds.display.fbs.FbsReader})
 * through the client's own message reader and decoders, as fast as it can, into a fresh
 * framebuffer: the decode benchmark, the recordings' regression tests and the fuzz test use it.
 * The client's messages go nowhere. Pixels are in the pixel format the recorded ServerInit
 * states (Rounds' recorder writes the format its client asked for there).
 */
public final class RfbReplay {
    /** What a replay produced: the final screen, the desktop's name and what was decoded. */
    public record Result(Framebuffer framebuffer, String desktopName, long updates, DecodeStats stats) {}

    private RfbReplay() {}

    /**
     * Replays {@code serverStream} to its end. A stream that breaks the protocol, or ends in the
     * middle of a message, throws one {@link RfbProtocolException} naming the message, the
     * encoding and the byte offset.
     */
    public static Result play(InputStream serverStream, RfbListener listener) throws IOException {
        Objects.requireNonNull(listener);
        RfbInput in = new RfbInput(new BufferedInputStream(serverStream, 256 * 1024));
        ServerInit init = ReplayHandshake.read(in);
        PixelFormat pf = init.pixelFormat();
        String unsupported = pf.undecodableReason().orElse(null);
        if (unsupported != null) throw in.error("the recorded pixel format cannot be replayed: " + unsupported);
        Framebuffer fb = new Framebuffer(init.width(), init.height());
        ClientWriter nowhere = new ClientWriter(new DataOutputStream(OutputStream.nullOutputStream()));
        long[] updates = {0};
        RfbListener counting = new RfbListener() {
            @Override public void updateEnd() { updates[0]++; listener.updateEnd(); }
            @Override public void bell() { listener.bell(); }
            @Override public void clipboard(String text) { listener.clipboard(text); }
            @Override public void ledState(int leds) { listener.ledState(leds); }
            @Override public void cursor(Cursor cursor) { listener.cursor(cursor); }
            @Override public void pointerPosition(int x, int y) { listener.pointerPosition(x, y); }
            @Override public void desktopName(String name) { listener.desktopName(name); }
        };
        ServerMessageReader messages = new ServerMessageReader(in, nowhere, fb, pf, Decoders.all(), counting);
        try {
            while (true) {
                try {
                    messages.readMessage();
                } catch (EOFException end) {
                    break; // the recording ended between two messages
                }
            }
        } finally {
            messages.close();
        }
        return new Result(fb, init.name(), updates[0], messages.stats());
    }
}
