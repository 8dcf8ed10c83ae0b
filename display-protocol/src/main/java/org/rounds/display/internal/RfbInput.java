package org.rounds.display.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.rounds.display.RfbProtocolException;

/**
 * The peer's byte stream with a running byte offset and the name of the message (and encoding)
 * being read, so every protocol error says where it happened. A stream that ends or stalls in
 * the middle of a message is a protocol error; between messages a read timeout only means the
 * peer is idle ({@link #messageTypeOrIdle()}).
 */
public final class RfbInput {
    private final InputStream in;
    private long offset;
    private String message = "handshake";
    private String encoding;

    public RfbInput(InputStream in) { this(in, 0); }

    /** Continues counting from {@code offset} (a stream replaced by TLS in the middle of the handshake). */
    public RfbInput(InputStream in, long offset) {
        this.in = in;
        this.offset = offset;
    }

    public long offset() { return offset; }

    /**
     * Whether more bytes are here already (buffered, or in the socket), so reading on will not
     * wait for the peer. A stream that cannot tell says no.
     */
    public boolean moreAtHand() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Names what is being read for error messages; {@code encoding} may be null. */
    public void context(String message, String encoding) {
        this.message = message;
        this.encoding = encoding;
    }

    public RfbProtocolException error(String detail) { return error(offset, detail); }

    public RfbProtocolException error(long at, String detail) {
        return RfbProtocolException.at(message, encoding, at, detail);
    }

    /** The next message type byte, or -1 when the read timed out with nothing pending. EOF here is a clean close. */
    public int messageTypeOrIdle() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException idle) {
            return -1;
        }
        if (b < 0) throw new EOFException("peer closed the connection");
        offset++;
        return b;
    }

    public int u8() throws IOException {
        int b;
        try {
            b = in.read();
        } catch (SocketTimeoutException e) {
            throw error("stream stalled mid-message (read timed out)");
        }
        if (b < 0) throw error("stream ends mid-message");
        offset++;
        return b;
    }

    public int u16() throws IOException { return u8() << 8 | u8(); }

    public int s32() throws IOException { return u16() << 16 | u16(); }

    public long u32() throws IOException { return s32() & 0xFFFFFFFFL; }

    public void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (SocketTimeoutException e) {
                throw error("stream stalled mid-message (read timed out)");
            }
            if (n < 0) throw error("stream ends mid-message, " + len + " bytes missing");
            off += n;
            len -= n;
            offset += n;
        }
    }

    public byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        readFully(b, 0, n);
        return b;
    }

    /** The next {@code n} bytes (fewer at the end) without consuming them; the stream must support mark. */
    public byte[] peek(int n) throws IOException {
        in.mark(n);
        try {
            return in.readNBytes(n);
        } finally {
            in.reset();
        }
    }

    public void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) u8();
    }

    /** A u32 length then that many Latin-1 bytes, refusing lengths over {@code max}. */
    public String string(int max, String what) throws IOException {
        long at = offset;
        long len = u32();
        if (len > max) throw error(at, what + " length " + len + " exceeds the limit of " + max + " bytes");
        return new String(bytes((int) len), StandardCharsets.ISO_8859_1);
    }

    /**
     * A server's reason string (refusal, failed authentication) made fit for one log or error
     * line: control characters become spaces and more than 200 characters are cut, because a
     * hostile or broken server controls it.
     */
    public String reason(int max) throws IOException {
        String text = text(max, "reason").replaceAll("\\p{Cntrl}+", " ").strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /**
     * A length-prefixed text whose encoding the protocol leaves open (desktop names, failure
     * reasons): UTF-8 when the bytes are valid UTF-8, as TigerVNC and noVNC treat it, else Latin-1.
     */
    public String text(int max, String what) throws IOException {
        long at = offset;
        long len = u32();
        if (len > max) throw error(at, what + " length " + len + " exceeds the limit of " + max + " bytes");
        byte[] b = bytes((int) len);
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }
}
