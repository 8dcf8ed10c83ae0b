package org.rounds.display.it;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A viewer speaking raw bytes to our server, from a chosen loopback address, so tests can see and shape the wire. */
final class RawViewer implements AutoCloseable {
    final Socket socket = new Socket();
    final DataInputStream in;
    final DataOutputStream out;

    RawViewer(String from, int port) throws IOException {
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    /** Reads the server's version and answers 3.8. */
    RawViewer version() throws IOException {
        String v = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        if (!v.equals("RFB 003.008\n")) throw new IOException("server said \"" + v + "\"");
        out.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return this;
    }

    /**
     * Sends {@code bytes} one at a time, {@code pauseMs} apart, reading between them; true as soon
     * as the server closes the connection (a cut), false when every byte went out and it is still open.
     */
    boolean trickleUntilCut(byte[] bytes, int pauseMs) throws IOException {
        socket.setSoTimeout(pauseMs);
        for (byte b : bytes) {
            try {
                out.write(b);
                out.flush();
                if (in.read() < 0) return true;
            } catch (java.net.SocketTimeoutException stillOpen) {
                // the server is waiting for more
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
        return false;
    }

    /** A length-prefixed reason string. */
    String reason() throws IOException { return new String(in.readNBytes(in.readInt()), StandardCharsets.US_ASCII); }

    @Override
    public void close() throws IOException { socket.close(); }
}
