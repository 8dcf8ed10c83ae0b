package org.rounds.testpeers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * TigerVNC's Xvnc: an X server and RFB server in one, on a free display and a free loopback
 * port, started with {@code -localhost -nolisten tcp}.
 */
public final class XvncServer extends XDisplay {

    private final PeerProcess server;
    private final int port;
    private final String password;
    private final Path passwordFile;

    private XvncServer(int display, PeerProcess server, int port, String password, Path passwordFile) {
        super(display);
        this.server = server;
        this.port = port;
        this.password = password;
        this.passwordFile = passwordFile;
    }

    /** Starts Xvnc with {@code -SecurityTypes None} unless {@code extraArgs} say otherwise. */
    public static XvncServer start(int width, int height, String... extraArgs) {
        List<String> security = containsIgnoreCase(extraArgs, "-SecurityTypes")
                ? List.of() : List.of("-SecurityTypes", "None");
        return launch(width, height, security, List.of(extraArgs), null, null);
    }

    /** Starts Xvnc with VNC Authentication ({@code -SecurityTypes VncAuth}) and this password. */
    public static XvncServer startWithPassword(int width, int height, String password) {
        Path xvnc = Peers.require("Xvnc", "tigervnc-standalone-server");
        Path vncpasswd = Peers.require("vncpasswd", "tigervnc-tools");
        Path file = writePasswordFile(vncpasswd, password);
        try {
            return launch(width, height, List.of("-SecurityTypes", "VncAuth", "-PasswordFile", file.toString()),
                    List.of(), password, file);
        } catch (RuntimeException | Error e) {
            deleteQuietly(file);
            throw e;
        }
    }

    private static XvncServer launch(int width, int height, List<String> security, List<String> extra,
                                     String password, Path passwordFile) {
        Path xvnc = Peers.require("Xvnc", "tigervnc-standalone-server");
        PeerStartException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int display = Peers.reserveDisplay();
            int port = Peers.freePort();
            List<String> cmd = new ArrayList<>(List.of(xvnc.toString(), ":" + display,
                    "-geometry", width + "x" + height, "-depth", "24", "-rfbport", Integer.toString(port),
                    "-localhost", "-nolisten", "tcp", "-noreset"));
            cmd.addAll(security);
            cmd.addAll(extra);
            PeerProcess p = PeerProcess.start("Xvnc:" + display, cmd, Map.of());
            try {
                Peers.awaitReady("Xvnc :" + display, p, START_TIMEOUT,
                        () -> Peers.acceptsUnix(Peers.xSocket(display)) && Peers.acceptsTcp(port));
                return new XvncServer(display, p, port, password, passwordFile);
            } catch (PeerStartException e) {
                p.close();
                Peers.releaseDisplay(display);
                last = e;   // most often a race for the display or port with another JVM: try another
            }
        }
        throw last;
    }

    /** The RFB port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The VNC password, or null when the server was started without VNC Authentication. */
    public String password() {
        return password;
    }

    @Override
    public void close() {
        try {
            closeClientsAndServer(server);
        } finally {
            if (passwordFile != null) {
                deleteQuietly(passwordFile);
            }
        }
    }

    private static Path writePasswordFile(Path vncpasswd, String password) {
        try {
            Path file = Files.createTempFile(Peers.tempDir(), "rounds-vncpasswd-", ".bin");
            Process p = new ProcessBuilder(vncpasswd.toString(), "-f")
                    .redirectOutput(file.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (var in = p.getOutputStream()) {
                // vncpasswd -f reads the password twice (entry and confirmation) from stdin
                in.write((password + "\n" + password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || Files.size(file) == 0) {
                p.destroyForcibly();
                deleteQuietly(file);
                throw new PeerStartException("vncpasswd -f failed to write a password file");
            }
            return file;
        } catch (IOException e) {
            throw new PeerStartException("vncpasswd -f failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerStartException("interrupted while running vncpasswd");
        }
    }

    private static boolean containsIgnoreCase(String[] args, String wanted) {
        for (String a : args) {
            if (a.equalsIgnoreCase(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    @Override
    public String toString() {
        return "Xvnc " + display() + " rfb 127.0.0.1:" + port;
    }
}
