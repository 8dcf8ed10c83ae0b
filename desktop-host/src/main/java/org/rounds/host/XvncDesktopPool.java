package org.rounds.host;

import org.rounds.broker.api.DesktopPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.rounds.display.server.DesktopPort;
import org.rounds.display.server.RfbGateway;
import org.rounds.broker.api.DesktopAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TigerVNC {@code Xvnc} per user session on a free display, running a configured start
 * command (an xterm, a browser on the EMR). Xvnc listens only on a mode-600 unix socket in a
 * private directory, with no security of its own; viewers reach it through the host's one
 * {@link HostPort} (VeNCrypt X509Vnc), which admits each one-time VNC password once and relays
 * the viewer to the session whose password it was. Handing the
 * desktop over revokes every earlier password and cuts the viewers they admitted; logoff kills
 * the session's processes and removes its directory. At most {@code maxSessions} run at once.
 */
public final class XvncDesktopPool implements DesktopPool {
    private static final Logger log = LoggerFactory.getLogger(XvncDesktopPool.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** What each session runs: screen size, the command started in it, the limit of sessions. */
    public record Config(String xvnc, int width, int height, List<String> startCommand, int maxSessions) {
        public Config {
            Objects.requireNonNull(xvnc);
            startCommand = List.copyOf(startCommand);
            if (width < 16 || height < 16 || width > 8192 || height > 8192) throw new IllegalArgumentException("screen " + width + "x" + height + " is outside 16..8192");
            if (maxSessions < 1) throw new IllegalArgumentException("maxSessions must be at least 1");
        }
    }

    private record Session(int display, Path dir, Process xvnc, Process app, DesktopDoor door) {}

    private final Config config;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final HostPort port;
    private final boolean ownsPort;
    private final java.time.Clock clock;
    private volatile boolean closed;

    /** The one-machine default: its own port on loopback with an ephemeral certificate. */
    public XvncDesktopPool(Config config) { this(config, java.time.Clock.systemUTC()); }

    /** As above; {@code clock} times the expiry of unused one-time passwords ({@link DesktopPool#CREDENTIAL_LIFETIME}). */
    public XvncDesktopPool(Config config, java.time.Clock clock) { this(config, HostPort.loopback(), true, clock); }

    /** Sessions served on {@code port}, which the caller owns (and closes after this pool). */
    public XvncDesktopPool(Config config, HostPort port, java.time.Clock clock) { this(config, port, false, clock); }

    private XvncDesktopPool(Config config, HostPort port, boolean ownsPort, java.time.Clock clock) {
        this.config = Objects.requireNonNull(config);
        this.port = Objects.requireNonNull(port, "port");
        this.ownsPort = ownsPort;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) { return session(userId).door().handOver(); }

    @Override
    public DesktopAddress admit(String userId, String displayName, String password) { return session(userId).door().admit(password); }

    @Override
    public java.util.Set<String> users() { return java.util.Set.copyOf(sessions.keySet()); }

    /** The port this pool's sessions are served on. */
    public HostPort port() { return port; }

    private Session session(String userId) {
        if (closed) throw new IllegalStateException("the desktop pool is closed");
        Session s;
        synchronized (sessions) {
            s = sessions.get(userId);
            if (s == null) {
                if (sessions.size() >= config.maxSessions())
                    throw new IllegalStateException("desktop host full: " + sessions.size() + " of " + config.maxSessions() + " sessions");
                s = start(userId);
                sessions.put(userId, s);
            }
        }
        return s;
    }

    @Override
    public void disconnect(String userId) {
        Session s = sessions.get(userId);
        if (s != null) s.door().shutOut();
    }

    @Override
    public void logoff(String userId) {
        Session s = sessions.remove(userId);
        if (s == null) return;
        stop(s);
        log.info("Xvnc desktop :{} of user {} logged off", s.display(), userId);
    }

    /** Not kept: an Xvnc screen is read with {@code xwd -root} on its display ({@link #display}). */
    @Override
    public Optional<java.time.Instant> vacantSince(String userId) {
        Session s = sessions.get(userId);
        return s == null ? Optional.empty() : s.door().vacantSince();
    }

    @Override
    public Optional<Snapshot> snapshot(String userId) { return Optional.empty(); }

    /** The X display number of the user's session, for tools that look at it directly. */
    public Optional<Integer> display(String userId) { return Optional.ofNullable(sessions.get(userId)).map(Session::display); }

    /** Sessions running now. */
    public int sessionCount() { return sessions.size(); }

    @Override
    public void close() {
        closed = true;
        for (String user : new ArrayList<>(sessions.keySet())) logoff(user);
        if (ownsPort) port.close();
    }

    private Session start(String userId) {
        Path dir = null;
        Process xvnc = null;
        try {
            dir = Files.createTempDirectory("rounds-xvnc-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path socket = dir.resolve("rfb.sock");
            int display = freeDisplay();
            xvnc = new ProcessBuilder(config.xvnc(), ":" + display, "-geometry", config.width() + "x" + config.height(),
                    "-depth", "24", "-rfbport", "-1", "-rfbunixpath", socket.toString(), "-rfbunixmode", "0600",
                    "-SecurityTypes", "None", "-nolisten", "tcp", "-AlwaysShared")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("Xvnc.log").toFile()).start();
            awaitSocket(xvnc, socket, Path.of("/tmp/.X11-unix/X" + display));
            Process app = null;
            if (!config.startCommand().isEmpty()) {
                ProcessBuilder pb = new ProcessBuilder(config.startCommand()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("app.log").toFile());
                pb.environment().put("DISPLAY", ":" + display);
                app = pb.start();
            }
            DesktopDoor door = new DesktopDoor(port, "Xvnc :" + display, DesktopPort.Destination.relay(() -> connect(socket)), clock);
            log.info("Xvnc desktop :{} for user {} served on {}:{}", display, userId, port.advertisedHost(), port.advertisedPort());
            return new Session(display, dir, xvnc, app, door);
        } catch (IOException e) {
            if (xvnc != null) xvnc.destroyForcibly();
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot start an Xvnc desktop for user " + userId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Streams over the unix socket. Not {@code Channels.newInputStream}: on JDK 17 its streams
     * share the channel's blocking lock, so a read waiting for the server blocks every write.
     */
    private static RfbGateway.Connection connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        InputStream in = new InputStream() {
            @Override public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                return len == 0 ? 0 : ch.read(ByteBuffer.wrap(b, off, len));
            }
        };
        OutputStream out = new OutputStream() {
            @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

            @Override public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) ch.write(buf);
            }
        };
        return new RfbGateway.Connection(in, out, ch);
    }

    private static void awaitSocket(Process xvnc, Path socket, Path xSocket) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!(Files.exists(socket) && Files.exists(xSocket))) {
            if (!xvnc.isAlive()) throw new IOException("Xvnc exited with status " + xvnc.exitValue() + " (see its log)");
            if (System.nanoTime() > deadline) throw new IOException("Xvnc did not open " + socket + " within " + START_TIMEOUT.toSeconds() + " s");
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting Xvnc");
            }
        }
    }

    /** A display number with neither an X socket nor a lock file; Xvnc's own lock settles races with other programs. */
    private synchronized int freeDisplay() throws IOException {
        for (int n = 100; n < 1000; n++) {
            int d = n;
            boolean ours = sessions.values().stream().anyMatch(s -> s.display() == d);
            if (!ours && !Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) return n;
        }
        throw new IOException("no free X display number in :100..:999");
    }

    private static void stop(Session s) {
        s.door().close();
        if (s.app() != null) s.app().descendants().forEach(ProcessHandle::destroy);
        if (s.app() != null) s.app().destroy();
        s.xvnc().destroy();
        try {
            if (!s.xvnc().waitFor(5, TimeUnit.SECONDS)) s.xvnc().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            if (s.app() != null && !s.app().waitFor(2, TimeUnit.SECONDS)) s.app().destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteQuietly(s.dir());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) return;
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
