package org.rounds.display.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.rounds.display.RfbAuthException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP port for every desktop of a host. A viewer gets VeNCrypt with only X509Vnc over TLS
 * 1.3 (the host's certificate), and the one-time password it answers the VNC challenge with
 * says which desktop it is for: every open {@link Door}'s live passwords are tried, the one
 * that matches is consumed, and the viewer is joined to that door's desktop: an
 * {@link RfbServer} in this JVM (handed the TLS connection itself, so there is no internal
 * socket at all) or an upstream RFB server relayed as {@link RfbGateway} does (Xvnc on a
 * private unix socket, a static server with its own password).
 *
 * <p>{@link Door#closeViewers} cuts exactly that desktop's viewers, including one that matched
 * a password a moment ago and is still in its handshake; with the door's passwords revoked
 * first, that is the hand-over rule. The {@link ViewerLimits} (handshake deadline, caps per
 * source, failed-authentication block) apply to the port as a whole.
 */
public final class DesktopPort implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DesktopPort.class);
    private static final String REFUSAL = "authentication failed: password wrong, already used or revoked";

    /** Where a door's admitted viewers go. */
    public sealed interface Destination {
        /** A desktop served in this JVM; the server need not listen on a port of its own (better not). */
        static Destination server(RfbServer server) { return new Served(Objects.requireNonNull(server)); }

        /** Another RFB server, reached through {@code upstream} and relayed byte for byte after its handshake. */
        static Destination relay(RfbGateway.Upstream upstream) { return new Relayed(Objects.requireNonNull(upstream)); }
    }

    record Served(RfbServer server) implements Destination {}

    record Relayed(RfbGateway.Upstream upstream) implements Destination {}

    private final InetAddress bind;
    private final int requestedPort;
    private final SSLContext tls;
    private final Admission admission;
    private final Set<Door> doors = ConcurrentHashMap.newKeySet();
    private final AtomicInteger numbers = new AtomicInteger();
    private ServerSocket serverSocket;
    private volatile boolean closed;

    /** Listens on {@code port} (0: any free one) of {@code bind} once started; {@code tls} holds the host's key and certificate. */
    public DesktopPort(InetAddress bind, int port, SSLContext tls, ViewerLimits limits) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
        this.bind = Objects.requireNonNull(bind, "bind");
        this.requestedPort = port;
        this.tls = Objects.requireNonNull(tls, "tls");
        this.admission = new Admission(limits, "desktop-port");
    }

    public synchronized void start() throws IOException {
        if (serverSocket != null) throw new IllegalStateException("desktop port already started");
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(bind, requestedPort), 50);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen for viewers on " + bind.getHostAddress() + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        serverSocket = s;
        Thread t = new Thread(this::acceptLoop, "desktop-port-accept-" + s.getLocalPort());
        t.setDaemon(true);
        t.start();
        log.info("desktop port listening on {}:{} (VeNCrypt X509Vnc, TLS 1.3)", bind.getHostAddress(), s.getLocalPort());
    }

    /** The bound TCP port. */
    public synchronized int port() {
        if (serverSocket == null) throw new IllegalStateException("desktop port not started");
        return serverSocket.getLocalPort();
    }

    /** A desktop's way in: viewers whose password is live in {@code passwords} go to {@code destination}. */
    public Door open(String name, PasswordBook passwords, Destination destination) {
        Door d = new Door(name, passwords, destination);
        doors.add(d);
        return d;
    }

    /** One desktop's entry on the port: its passwords, where its viewers go, and those viewers. */
    public final class Door implements AutoCloseable {
        private final String name;
        private final PasswordBook passwords;
        private final Destination destination;
        private final Set<Connection> viewers = ConcurrentHashMap.newKeySet();
        /** Bumped by every cut, so a viewer that matched just before one sees it and goes too. */
        private final AtomicLong cuts = new AtomicLong();
        private volatile Runnable onViewerLeft = () -> {};

        private Door(String name, PasswordBook passwords, Destination destination) {
            this.name = Objects.requireNonNull(name);
            this.passwords = Objects.requireNonNull(passwords);
            this.destination = Objects.requireNonNull(destination);
        }

        /** Called on the viewer's thread after each of this door's viewers ends; quick, and must not wait for {@link #closeViewers}. */
        public void onViewerLeft(Runnable listener) { this.onViewerLeft = Objects.requireNonNull(listener); }

        /** This desktop's viewers now: matched a password and still in their handshake, or connected. */
        public int viewerCount() { return viewers.size(); }

        /**
         * Cuts every viewer of this desktop, other desktops' viewers untouched. A viewer whose
         * password matched before this call and that is still in its handshake is cut as well.
         * An in-JVM desktop's viewers have ended when this returns.
         */
        public void closeViewers() {
            cuts.incrementAndGet();
            for (Connection c : viewers) {
                viewers.remove(c);
                c.close();
            }
            if (destination instanceof Served s) s.server().closeViewers();
        }

        /** Admits nobody more here and cuts this desktop's viewers. */
        @Override
        public void close() {
            doors.remove(this);
            closeViewers();
        }

        @Override
        public String toString() { return "door of " + name; }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) log.warn("desktop port stops accepting: {}", e.getMessage());
                return;
            }
            SourceLimits.Lease lease = admission.admit(s, "desktop port");
            if (lease == null) continue;
            Thread t = new Thread(() -> serve(s, lease), "desktop-port-viewer-" + numbers.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket, SourceLimits.Lease lease) {
        Connection c = new Connection(socket);
        String who = "desktop port: viewer " + socket.getRemoteSocketAddress();
        boolean adopted = false;
        try (HandshakeDeadline.Running deadline = admission.deadline.start(who, socket)) {
            socket.setTcpNoDelay(true);
            ServerTransport t = new ServerTransport(socket);
            ServerSecurity security = new ServerSecurity.VeNCrypt(tls, new ServerSecurity.Check(c::admit, REFUSAL));
            new ServerHandshake(t, security, socket.getInetAddress(), admission.blocklist).authenticate();
            Door door = c.door;
            t.in().context("ClientInit", null);
            int shared = t.in().u8();
            if (closed || c.cutSinceMatch()) throw new IOException("its desktop was handed over during its handshake");
            if (door.destination instanceof Served s) {
                deadline.close();
                log.info("{} admitted to {} over {}", who, door.name, t.tls());
                s.server().adopt(socket, t, lease, c::ended);
                adopted = true;
                return;
            }
            RfbGateway.Connection up = ((Relayed) door.destination).upstream().connect();
            c.upstream = up.closer();
            if (c.cutSinceMatch()) throw new IOException("its desktop was handed over during its handshake");
            UpstreamHandshake.run(up);
            up.out().write(shared);
            up.out().flush();
            deadline.close();
            log.info("{} admitted to {} over {}", who, door.name, t.tls());
            Thread back = new Thread(() -> pump(up.in(), t.rawOut(), c), Thread.currentThread().getName() + "-down");
            back.setDaemon(true);
            back.start();
            pump(t.bufferedIn(), up.out(), c);
        } catch (RfbAuthException e) {
            admission.refusals.info("{} refused: {}", who, e.getMessage());
        } catch (IOException e) {
            if (!closed) log.info("{} closed: {}", who, e.getMessage());
        } finally {
            if (!adopted) {
                c.close();
                lease.close();
                c.ended();
            }
        }
    }

    private static void pump(InputStream from, OutputStream to, Connection both) {
        try {
            Streams.copyUntilClosed(from, to);
        } finally {
            both.close();   // either side closed: the other goes too
        }
    }

    /** One viewer's connection: the door its password opened, and what closes it (the upstream too, once there is one). */
    private final class Connection {
        private final Socket socket;
        private volatile Door door;
        private volatile long cutsAtMatch;
        private volatile Closeable upstream;
        private boolean ended;

        Connection(Socket socket) { this.socket = socket; }

        /** The VNC check: the first open door with a live password answering the challenge takes this viewer. */
        boolean admit(byte[] challenge, byte[] response) {
            if (closed) return false;
            for (Door d : doors) {
                long cuts = d.cuts.get();
                if (!d.passwords.consume(challenge, response)) continue;
                cutsAtMatch = cuts;
                door = d;
                d.viewers.add(this);
                // A cut between the consume and the add did not see this viewer: it goes now.
                if (d.cuts.get() != cuts) close();
                return true;
            }
            return false;
        }

        boolean cutSinceMatch() { return door.cuts.get() != cutsAtMatch; }

        void close() {
            Streams.closeQuietly(socket);
            Closeable u = upstream;
            if (u != null) Streams.closeQuietly(u);
        }

        /** Once per connection, whoever ended it. */
        void ended() {
            Door d;
            synchronized (this) {
                if (ended) return;
                ended = true;
                d = door;
            }
            if (d == null) return;
            d.viewers.remove(this);
            try {
                d.onViewerLeft.run();
            } catch (RuntimeException e) {
                log.warn("desktop port: viewer-left listener of {} failed: {}", d.name, e.toString());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (serverSocket != null) Streams.closeQuietly(serverSocket);
        }
        for (Door d : doors) d.close();
        admission.close();
    }
}
