package org.rounds.display.client;

import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
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
    /**
     * What a replay produced: the final screen, the desktop's name, the whole updates and what
     * was decoded. {@code truncated}: the recording ended in the middle of a message, whose
     * {@code bytesLeftOver} bytes were not played as a message (its whole rectangles were
     * painted, as a viewer paints them as they arrive); otherwise false and 0.
     */
    public record Result(Framebuffer framebuffer, String desktopName, long updates, DecodeStats stats,
                         boolean truncated, long bytesLeftOver) {}

    private RfbReplay() {}

    /**
     * Replays {@code serverStream} to its end. Every encoding with a decoder is accepted, whatever
     * the recording client asked for. A recording cut short (Ctrl+C, a crash) plays up to its
     * last whole message and says so in {@link Result#truncated}. A stream that breaks the
     * protocol (an encoding Rounds cannot decode included), or ends within the handshake, throws
     * one {@link RfbProtocolException} naming the message, the encoding and the byte offset.
     */
    public static Result play(InputStream serverStream, RfbListener listener) throws IOException {
        Objects.requireNonNull(listener);
        EndNoting source = new EndNoting(new BufferedInputStream(serverStream, 256 * 1024));
        RfbInput in = new RfbInput(source);
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
        long lastWholeEnd = in.offset();
        boolean truncated = false;
        try {
            while (true) {
                lastWholeEnd = in.offset();
                try {
                    messages.readMessage();
                } catch (EOFException end) {
                    messages.finishDecoding();
                    break; // the recording ended between two messages
                } catch (RfbProtocolException e) {
                    if (!source.ended()) throw e;
                    truncated = true; // the message needed bytes past the end: a cut recording, not a bad one
                    messages.finishDecoding();
                    break;
                }
            }
        } finally {
            messages.close();
        }
        // At the end every byte was read, so the offset is the stream's length.
        return new Result(fb, init.name(), updates[0], messages.stats(), truncated, truncated ? in.offset() - lastWholeEnd : 0);
    }

    /** Notes when its reader was told the stream ended (above the buffer, so only when a message needed more). */
    private static final class EndNoting extends FilterInputStream {
        private boolean ended;

        EndNoting(InputStream in) { super(in); }

        boolean ended() { return ended; }

        @Override
        public int read() throws IOException { return noted(super.read()); }

        @Override
        public int read(byte[] b, int off, int len) throws IOException { return noted(super.read(b, off, len)); }

        private int noted(int n) {
            if (n < 0) ended = true;
            return n;
        }
    }
}
