package org.rounds.display.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.rounds.display.fbs.FbsWriter;
import org.rounds.display.internal.PixelFormat;

/**
 * Copies every server byte the client consumes into an FBS recording, once {@link #start} has
 * written a replayable handshake in place of the real one. The real handshake is never
 * recorded: its VNC challenge and TLS bytes are of no use to a player, and a recording must not
 * carry anything derived from a password. What is written instead is RFB 3.8 with security
 * None and a ServerInit stating the pixel format the client asked for, so any FBS player
 * (rfbproxy's, TightVNC's, ours) decodes the updates as this client did.
 */
final class RecordingInputStream extends FilterInputStream {
    private final FbsWriter recording;
    private volatile boolean on;

    RecordingInputStream(InputStream in, FbsWriter recording) {
        super(in);
        this.recording = recording;
    }

    void start(ServerInit init, PixelFormat clientFormat) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(b);
        d.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        d.writeByte(1); // one security type:
        d.writeByte(ClientHandshake.SECURITY_NONE);
        d.writeInt(0); // SecurityResult OK
        d.writeShort(init.width());
        d.writeShort(init.height());
        clientFormat.write(d);
        byte[] name = init.name().getBytes(StandardCharsets.UTF_8);
        d.writeInt(name.length);
        d.write(name);
        recording.append(b.toByteArray(), 0, b.size());
        recording.endBlock();
        on = true;
    }

    /** Ends the current FBS block (after each server message). */
    void endBlock() throws IOException { if (on) recording.endBlock(); }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (on && b >= 0) recording.append(b);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (on && n > 0) recording.append(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long done = 0;
        while (done < n && read() >= 0) done++;
        return done;
    }
}
