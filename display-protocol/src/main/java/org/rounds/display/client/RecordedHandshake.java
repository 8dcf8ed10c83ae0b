package org.rounds.display.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.rounds.display.internal.RfbInput;

/**
 * Where a recorded server stream's ServerInit and first message lie, so that the recording can
 * be served again to another viewer: a server answers the viewer's own handshake, sends the
 * recorded ServerInit (which holds the pixel format the recording client asked for) and then
 * the recorded messages byte for byte.
 */
public record RecordedHandshake(int serverInitOffset, int messagesOffset, int width, int height) {

    /** Reads the recorded handshake (as {@link RfbReplay} does); a malformed one throws one protocol error. */
    public static RecordedHandshake of(byte[] serverStream) throws IOException {
        RfbInput in = new RfbInput(new ByteArrayInputStream(serverStream));
        ServerInit init = ReplayHandshake.read(in);
        int messages = (int) in.offset();
        // ServerInit: width, height (u16 each), a 16-byte pixel format, the name's length (u32), the name.
        for (int p = messages - 24; p >= 0; p--) {
            if (u32(serverStream, p + 20) == messages - p - 24 && u16(serverStream, p) == init.width()
                    && u16(serverStream, p + 2) == init.height())
                return new RecordedHandshake(p, messages, init.width(), init.height());
        }
        throw in.error("the recorded ServerInit cannot be found before byte " + messages);
    }

    /** The 16-byte pixel format the recorded ServerInit states. */
    public byte[] pixelFormat(byte[] serverStream) {
        return java.util.Arrays.copyOfRange(serverStream, serverInitOffset + 4, serverInitOffset + 20);
    }

    private static int u16(byte[] b, int p) { return (b[p] & 0xFF) << 8 | b[p + 1] & 0xFF; }

    private static long u32(byte[] b, int p) { return (long) u16(b, p) << 16 | u16(b, p + 2); }
}
