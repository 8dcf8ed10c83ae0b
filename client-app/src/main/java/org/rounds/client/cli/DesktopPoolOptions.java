package org.rounds.client.cli;

import java.util.List;
import org.rounds.broker.desktops.DesktopPool;
import org.rounds.broker.desktops.EmbeddedDesktopPool;
import org.rounds.broker.desktops.XvncDesktopPool;
import picocli.CommandLine.Option;

/** Which desktop pool the broker hands sessions out of, and the xvnc provider's settings. */
final class DesktopPoolOptions {
    @Option(names = "--desktops", paramLabel = "KIND", defaultValue = "embedded",
            description = "embedded (Java2D clinical desktops in this process, the default) or xvnc (a TigerVNC Xvnc per session).")
    String kind;

    @Option(names = "--xvnc-start", paramLabel = "CMD", defaultValue = "xterm",
            description = "With --desktops xvnc: the command started in each session, split on spaces (default: ${DEFAULT-VALUE}).")
    String start;

    @Option(names = "--xvnc-geometry", paramLabel = "WxH", defaultValue = "1280x800",
            description = "With --desktops xvnc: each session's screen size (default: ${DEFAULT-VALUE}).")
    String geometry;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "50",
            description = "With --desktops xvnc: sessions this host runs at most (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    DesktopPool create() {
        switch (kind) {
            case "embedded":
                return new EmbeddedDesktopPool();
            case "xvnc":
                String xvnc = which("Xvnc");
                if (xvnc == null) throw new IllegalArgumentException("--desktops xvnc needs Xvnc on the PATH (apt-get install tigervnc-standalone-server)");
                String[] wh = geometry.split("x");
                if (wh.length != 2 || !wh[0].matches("\\d{2,4}") || !wh[1].matches("\\d{2,4}"))
                    throw new IllegalArgumentException("--xvnc-geometry \"" + geometry + "\" is not WIDTHxHEIGHT");
                return new XvncDesktopPool(new XvncDesktopPool.Config(xvnc, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]),
                        List.of(start.strip().split("\\s+")), maxSessions));
            default:
                throw new IllegalArgumentException("--desktops \"" + kind + "\" is not embedded or xvnc");
        }
    }

    private static String which(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.nio.file.Path p = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, binary);
            if (java.nio.file.Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
