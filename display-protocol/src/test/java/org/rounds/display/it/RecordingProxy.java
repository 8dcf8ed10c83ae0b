package org.rounds.display.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rounds.display.fbs.FbsWriter;
import org.rounds.testpeers.Relay;

/**
 * What rfbproxy does, for tests: a viewer connects here, every byte is relayed both ways to a
 * real server, and the server-to-client bytes become an FBS recording, so a session of another
 * client (TigerVNC's vncviewer) can be replayed by ours. One session per proxy.
 */
final class RecordingProxy implements AutoCloseable {
    /** Far more than a test session sends; bytes past it would be relayed but not recorded. */
    private static final int LIMIT = 64 << 20;

    private final Relay relay;

    private RecordingProxy(Relay relay) { this.relay = relay; }

    /** Listens on a free loopback port and relays to the RFB server at 127.0.0.1:{@code serverPort}. */
    static RecordingProxy to(int serverPort) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        return new RecordingProxy(Relay.builder(new InetSocketAddress(loopback, 0), new InetSocketAddress(loopback, serverPort))
                .maxConnections(1).recordLimit(LIMIT).start());
    }

    int port() { return relay.address().getPort(); }

    /** What the viewer sent (its SetEncodings, for one). */
    byte[] clientBytes() { return relay.recorded(Relay.Direction.TO_TARGET); }

    /** What the server sent so far. */
    byte[] serverBytes() { return relay.recorded(Relay.Direction.FROM_TARGET); }

    /** Writes what the server sent so far as an FBS 001.000 recording. */
    void writeFbs(Path file) throws IOException {
        if (relay.forwarded(Relay.Direction.FROM_TARGET) > LIMIT) throw new IllegalStateException("the session outgrew " + LIMIT + " bytes");
        byte[] server = relay.recorded(Relay.Direction.FROM_TARGET);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file); FbsWriter fbs = FbsWriter.to(out)) {
            fbs.append(server, 0, server.length);
        }
    }

    @Override
    public void close() { relay.close(); }
}
