package org.rounds.display;

import java.io.IOException;

/**
 * The peer sent bytes that break the RFB protocol. The message names the RFB message, the
 * encoding (when a rectangle was being read) and the byte offset in the stream, so one log line
 * is enough to find the fault in a capture.
 */
public class RfbProtocolException extends IOException {
    public RfbProtocolException(String message) { super(message); }

    public RfbProtocolException(String message, Throwable cause) { super(message, cause); }

    /** "FramebufferUpdate, encoding zrle, byte offset 1234: detail". */
    public static RfbProtocolException at(String rfbMessage, String encoding, long offset, String detail) {
        StringBuilder b = new StringBuilder(rfbMessage);
        if (encoding != null) b.append(", encoding ").append(encoding);
        b.append(", byte offset ").append(offset).append(": ").append(detail);
        return new RfbProtocolException(b.toString());
    }
}
