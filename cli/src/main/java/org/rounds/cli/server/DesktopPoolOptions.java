package org.rounds.cli.server;

import org.rounds.broker.api.OneLine;

import java.util.List;
import org.rounds.broker.api.DesktopPool;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.host.StaticDesktopPool;
import org.rounds.host.XvncDesktopPool;
import picocli.CommandLine.Option;

/** Which desktop pool the broker hands sessions out of, and the xvnc provider's settings. */
final class DesktopPoolOptions {
    @Option(names = "--desktops", paramLabel = "KIND", defaultValue = "embedded",
            description = "embedded (Java2D clinical desktops in this process, the default), xvnc (a TigerVNC Xvnc per session), "
                    + "static (existing VNC servers from --static-servers), or, for the broker, hosts (enrolled desktop hosts: "
                    + "'rounds broker hosts add', 'rounds desktop-host --join').")
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

    @Option(names = "--static-servers", paramLabel = "FILE",
            description = "With --desktops static: a JSON array of {\"user\": ID, \"address\": \"host::port\", \"passwordFile\": F} "
                    + "(passwordFile optional: the server's VNC password, first line; viewers never see it).")
    java.nio.file.Path staticServers;

    /** {@code --desktops hosts}: the broker's desktops come from enrolled desktop hosts, not from a pool in its process. */
    boolean fromHosts() {
        return kind.equals("hosts");
    }

    /** The pool in this process, on a loopback port of its own with a certificate made at start (the one-machine broker). */
    DesktopPool create() {
        return factory().apply(null);
    }

    /**
     * Checks every setting now (Xvnc on the PATH, the geometry, the servers file) and returns
     * what makes the pool on a given desktop port ({@code null}: a loopback port of its own), so
     * that a desktop host finds a mistake before it spends its enrolment code.
     */
    java.util.function.Function<org.rounds.host.HostPort, DesktopPool> factory() {
        java.time.Clock clock = java.time.Clock.systemUTC();
        switch (kind) {
            case "embedded":
                return port -> port == null ? new EmbeddedDesktopPool() : new EmbeddedDesktopPool(port, clock);
            case "xvnc":
                String xvnc = which("Xvnc");
                if (xvnc == null) throw new IllegalArgumentException("--desktops xvnc needs Xvnc on the PATH (apt-get install tigervnc-standalone-server)");
                String[] wh = geometry.split("x");
                if (wh.length != 2 || !wh[0].matches("\\d{2,4}") || !wh[1].matches("\\d{2,4}"))
                    throw new IllegalArgumentException("--xvnc-geometry \"" + geometry + "\" is not WIDTHxHEIGHT");
                XvncDesktopPool.Config config = new XvncDesktopPool.Config(xvnc, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]),
                        List.of(start.strip().split("\\s+")), maxSessions);
                return port -> port == null ? new XvncDesktopPool(config) : new XvncDesktopPool(config, port, clock);
            case "static":
                if (staticServers == null) throw new IllegalArgumentException("--desktops static needs --static-servers FILE");
                List<StaticDesktopPool.Server> servers = staticServers(staticServers);
                return port -> port == null ? new StaticDesktopPool(servers) : new StaticDesktopPool(servers, port, clock);
            case "hosts":
                throw new IllegalArgumentException("--desktops hosts is for the broker: a desktop host serves embedded, xvnc or static");
            default:
                throw new IllegalArgumentException("--desktops \"" + kind + "\" is not embedded, xvnc, static or hosts");
        }
    }

    /** Reads the servers file; every mistake is one line naming the file and the entry. */
    static List<StaticDesktopPool.Server> staticServers(java.nio.file.Path file) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read --static-servers " + file + ": " + OneLine.of(e));
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException(file + ": expected a JSON array of servers");
        List<StaticDesktopPool.Server> out = new java.util.ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            com.fasterxml.jackson.databind.JsonNode n = root.get(i);
            String where = file + ", server " + (i + 1);
            java.util.Iterator<String> names = n.fieldNames();
            while (names.hasNext()) {
                String f = names.next();
                if (!List.of("user", "address", "passwordFile").contains(f)) throw new IllegalArgumentException(where + ": unknown field \"" + f + "\"");
            }
            if (!n.path("user").isTextual() || !n.path("address").isTextual())
                throw new IllegalArgumentException(where + ": \"user\" and \"address\" are required strings");
            org.rounds.display.client.VncAddress a;
            try {
                a = org.rounds.display.client.VncAddress.parse(n.get("address").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            String password = null;
            if (n.has("passwordFile")) {
                java.nio.file.Path pf = java.nio.file.Path.of(n.get("passwordFile").asText());
                try {
                    password = java.nio.file.Files.readString(pf).lines().findFirst().orElse("");
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException(where + ": cannot read passwordFile " + pf + ": " + OneLine.of(e));
                }
            }
            out.add(new StaticDesktopPool.Server(n.get("user").asText(), a.host(), a.port(), password));
        }
        return out;
    }

    private static String which(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            java.nio.file.Path p = java.nio.file.Path.of(dir.isEmpty() ? "." : dir, binary);
            if (java.nio.file.Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
