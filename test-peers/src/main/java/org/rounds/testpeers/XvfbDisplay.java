package org.rounds.testpeers;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A virtual framebuffer X server ({@code Xvfb}) on a free display, depth 24 unless asked, no TCP. */
public final class XvfbDisplay extends XDisplay {

    private final PeerProcess server;

    private XvfbDisplay(int display, PeerProcess server) {
        super(display);
        this.server = server;
    }

    public static XvfbDisplay start(int width, int height) {
        return start(width, height, 24);
    }

    /** Depth 8 gives an 8-bit PseudoColor screen: a colour-mapped server for VNC clients. */
    public static XvfbDisplay start(int width, int height, int depth) {
        Path xvfb = Peers.require("Xvfb", "xvfb");
        PeerStartException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int display = Peers.reserveDisplay();
            // Xvfb has no -localhost option: with TCP off it listens on its unix socket only.
            // -noreset: otherwise the server resets (root background lost) when its last client leaves.
            List<String> cmd = List.of(xvfb.toString(), ":" + display,
                    "-screen", "0", width + "x" + height + "x" + depth, "-nolisten", "tcp", "-noreset");
            PeerProcess p = PeerProcess.start("Xvfb:" + display, cmd, Map.of());
            try {
                Peers.awaitReady("Xvfb :" + display, p, START_TIMEOUT,
                        () -> Peers.acceptsUnix(Peers.xSocket(display)));
                return new XvfbDisplay(display, p);
            } catch (PeerStartException e) {
                p.close();
                Peers.releaseDisplay(display);
                last = e;
            }
        }
        throw last;
    }

    @Override
    public void close() {
        closeClientsAndServer(server);
    }

    @Override
    public String toString() {
        return "Xvfb " + display();
    }
}
