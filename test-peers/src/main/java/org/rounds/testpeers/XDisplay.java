package org.rounds.testpeers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** What Xvnc and Xvfb share: a display number, client programs run into it, screenshots. */
public abstract sealed class XDisplay implements AutoCloseable permits XvncServer, XvfbDisplay {

    static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    static final int START_ATTEMPTS = 4;
    private static final int XWD_ATTEMPTS = 4;

    private final int display;
    private final List<PeerProcess> clients = new CopyOnWriteArrayList<>();

    XDisplay(int display) {
        this.display = display;
    }

    /** The display name, e.g. {@code ":57"}. */
    public String display() {
        return ":" + display;
    }

    /** Stops every client started with {@link #exec} and the server. */
    @Override
    public abstract void close();

    int displayNumber() {
        return display;
    }

    /**
     * Starts an X client with DISPLAY set to this display; it is stopped when this display
     * closes. Its output is discarded.
     */
    public Process exec(String... command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("exec needs a command");
        }
        PeerProcess p = PeerProcess.start(command[0], List.of(command), Map.of("DISPLAY", display()));
        clients.add(p);
        return p.process();
    }

    /**
     * The whole screen, read with {@code xwd -root} and decoded in Java. xwd walks every window
     * to find its visual, so a client creating or destroying a window meanwhile (a viewer starting
     * up) makes it fail with BadWindow; such a failure is retried a few times before it counts.
     */
    public Screenshot screenshot() {
        return screenshotOf(display());
    }

    /**
     * {@link #screenshot()} of any display of this machine, {@code :N} (one a process under test
     * started, such as a desktop host's Xvnc, whose unix socket in /tmp/.X11-unix every network
     * namespace shares).
     */
    public static Screenshot screenshotOf(String display) {
        String xwd = Peers.require("xwd", "x11-apps").toString();
        List<String> cmd = List.of(xwd, "-root", "-silent", "-display", display);
        String lastError = "";
        for (int attempt = 1; attempt <= XWD_ATTEMPTS; attempt++) {
            try {
                Process p = new ProcessBuilder(cmd).start();
                byte[] bytes;
                byte[] errors;
                try (InputStream in = p.getInputStream(); InputStream err = p.getErrorStream()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    bytes = out.toByteArray();
                    errors = err.readNBytes(4096);
                }
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("xwd did not finish on " + display);
                }
                if (p.exitValue() == 0) {
                    return XwdReader.read(bytes);
                }
                lastError = "exit " + p.exitValue() + ": " + new String(errors).strip().replace('\n', ' ');
                Thread.sleep(50L * attempt);
            } catch (IOException e) {
                throw new IllegalStateException("xwd failed on " + display + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while taking a screenshot of " + display);
            }
        }
        throw new IllegalStateException("xwd failed on " + display + " " + XWD_ATTEMPTS + " times, last with " + lastError);
    }

    /** Runs a short X client to completion (e.g. {@code xsetroot}); throws if it fails. */
    public void run(String... command) {
        try {
            Process p = exec(command);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(command[0] + " did not finish on " + display());
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " exited with " + p.exitValue() + " on " + display());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0]);
        }
    }

    /** Stops the clients, then the server; always releases the display number. */
    void closeClientsAndServer(PeerProcess server) {
        clients.forEach(PeerProcess::close);
        clients.clear();
        try {
            server.close();
        } finally {
            Peers.releaseDisplay(display);
        }
    }
}
