package org.rounds.testpeers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code x11vnc} exporting an existing display (usually an {@link XvfbDisplay}) on a free
 * loopback port, without a password, shared, for as long as this object is open. It does not
 * own the display: close the display yourself after this.
 */
public final class X11vnc implements AutoCloseable {

    private final PeerProcess server;
    private final int port;

    private X11vnc(PeerProcess server, int port) {
        this.server = server;
        this.port = port;
    }

    public static X11vnc start(XDisplay display) {
        Path x11vnc = Peers.require("x11vnc", "x11vnc");
        PeerStartException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = Peers.freePort();
            List<String> cmd = List.of(x11vnc.toString(), "-display", display.display(),
                    "-rfbport", Integer.toString(port), "-localhost", "-noipv6",
                    "-nopw", "-forever", "-shared");
            PeerProcess p = PeerProcess.start("x11vnc" + display.display(), cmd, Map.of());
            try {
                Peers.awaitReady("x11vnc on " + display.display(), p, Duration.ofSeconds(20),
                        () -> Peers.acceptsTcp(port));
                return new X11vnc(p, port);
            } catch (PeerStartException e) {
                p.close();
                last = e;
            }
        }
        throw last;
    }

    /** The RFB port on 127.0.0.1. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "x11vnc rfb 127.0.0.1:" + port;
    }
}
