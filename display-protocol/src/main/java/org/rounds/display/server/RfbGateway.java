package org.rounds.display.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
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
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.RfbInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Rounds' viewer admission (one-time VNC passwords) in front of another RFB server: a
 * TigerVNC Xvnc listening only on a mode-600 unix socket with no security of its own, or an
 * existing VNC server with its own password that viewers never learn. A viewer is
 * authenticated here, then the gateway opens the upstream connection, negotiates None or VNC
 * authentication with it and relays every further byte both ways
 * (ClientInit and ServerInit included), as guacd or a websockify-style proxy does.
 * {@link #closeViewers} cuts every relayed viewer, which a session takeover needs.
 */
public final class RfbGateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RfbGateway.class);
    /** For connecting to the upstream. */
    private static final int HANDSHAKE_TIMEOUT_MS = 10_000;

    /** Opens a connection to the upstream server. */
    public interface Upstream {
        Connection connect() throws IOException;
    }

    /** An upstream connection's two streams, what closes them, and the upstream's VNC password (null: it asks none). */
    public record Connection(InputStream in, OutputStream out, Closeable closer, String password) {
        public Connection(InputStream in, OutputStream out, Closeable closer) { this(in, out, closer, null); }
    }

    /** A TCP upstream (an existing VNC server) with its own VNC password, or null when it needs none. */
    public static Upstream tcp(String host, int port, String password) {
        return () -> {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), HANDSHAKE_TIMEOUT_MS);
                return new Connection(s.getInputStream(), s.getOutputStream(), s, password);
            } catch (IOException e) {
                s.close();
                throw new IOException("cannot reach the desktop's VNC server " + host + ":" + port + ": " + e.getMessage(), e);
            }
        };
    }

    private final InetAddress bind;
    private final Upstream upstream;
    private final ServerSecurity security;
    private final String name;
    private final Admission admission;
    private final Set<Closeable> relays = ConcurrentHashMap.newKeySet();
    private final AtomicInteger numbers = new AtomicInteger();
    private ServerSocket serverSocket;
    private volatile boolean closed;
    private volatile Runnable onViewerLeft = () -> {};

    /** Listens on an ephemeral port of {@code bind}; {@code name} is for log lines. Default {@link ViewerLimits}. */
    public RfbGateway(InetAddress bind, ServerSecurity security, Upstream upstream, String name) {
        this(bind, security, upstream, name, ViewerLimits.defaults());
    }

    /** As above, with this handshake deadline, these connection caps and this failed-authentication block. */
    public RfbGateway(InetAddress bind, ServerSecurity security, Upstream upstream, String name, ViewerLimits limits) {
        this.bind = Objects.requireNonNull(bind);
        this.security = Objects.requireNonNull(security);
        this.upstream = Objects.requireNonNull(upstream);
        this.name = Objects.requireNonNull(name);
        this.admission = new Admission(limits, "gateway-" + name.replaceAll("\\s+", "-"));
    }

    public synchronized void start() throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(bind, 0), 16);
        Thread t = new Thread(this::acceptLoop, "rfb-gateway-" + name);
        t.setDaemon(true);
        t.start();
        log.info("RFB gateway for {} listening on {}:{}", name, bind.getHostAddress(), serverSocket.getLocalPort());
    }

    public synchronized int port() { return serverSocket.getLocalPort(); }

    /**
     * Called on the viewer's thread after each viewer's connection ends, whoever ended it
     * ({@link #viewerCount} no longer counts it). Must be quick and must not wait for
     * {@link #closeViewers}. Default: nothing.
     */
    public void onViewerLeft(Runnable listener) { this.onViewerLeft = Objects.requireNonNull(listener); }

    /** Viewers connected now, in their handshake or relayed. */
    public int viewerCount() { return relays.size(); }

    /** Cuts every relayed viewer (their upstream connections too); the gateway keeps accepting. */
    public void closeViewers() {
        for (Closeable c : relays) Streams.closeQuietly(c);
        relays.clear();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) log.warn("RFB gateway for {} stops accepting: {}", name, e.getMessage());
                return;
            }
            SourceLimits.Lease lease = admission.admit(s, "gateway for " + name);
            if (lease == null) continue;
            Thread t = new Thread(() -> {
                try (lease) {
                    serve(s);
                }
            }, "rfb-gateway-" + name + "-" + numbers.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket viewer) {
        Connection up = null;
        // Cut by closeViewers from the first byte, as RfbServer does: a viewer still in its handshake
        // when the session is handed over must not go on to show it.
        Closeable handshaking = viewer::close;
        relays.add(handshaking);
        String who = "gateway for " + name + ": viewer " + viewer.getRemoteSocketAddress();
        // One deadline for the viewer's whole handshake, up to its ClientInit, and the upstream's.
        try (HandshakeDeadline.Running deadline = admission.deadline.start(who, viewer)) {
            viewer.setTcpNoDelay(true);
            InputStream vin = new BufferedInputStream(viewer.getInputStream());
            DataOutputStream vout = new DataOutputStream(new BufferedOutputStream(viewer.getOutputStream()));
            RfbInput vrfb = new RfbInput(vin);
            new ServerHandshake(vrfb, vout, security, viewer.getInetAddress(), admission.blocklist).authenticate();
            // ClientInit is read here rather than relayed blind, so a viewer that stops after
            // authenticating is cut by the deadline too; it goes upstream once that is ready.
            vrfb.context("ClientInit", null);
            int shared = vrfb.u8();
            up = upstream.connect();
            UpstreamHandshake.run(up);
            up.out().write(shared);
            up.out().flush();
            deadline.close();
            Connection u = up;
            Closeable both = () -> {
                Streams.closeQuietly(viewer);
                Streams.closeQuietly(u.closer());
            };
            relays.add(both);
            relays.remove(handshaking);
            if (closed || viewer.isClosed()) throw new IOException(closed ? "gateway closed" : "viewer cut during its handshake");
            log.info("RFB gateway for {}: viewer {} admitted", name, viewer.getRemoteSocketAddress());
            Thread back = new Thread(() -> pump(u.in(), viewer(viewer), both), Thread.currentThread().getName() + "-down");
            back.setDaemon(true);
            back.start();
            pump(vin, u.out(), both);
        } catch (RfbAuthException e) {
            admission.refusals.info("RFB gateway for {}: viewer {} refused: {}", name, viewer.getRemoteSocketAddress(), e.getMessage());
            Streams.closeQuietly(viewer);
        } catch (IOException e) {
            log.warn("RFB gateway for {}: viewer {} closed: {}", name, viewer.getRemoteSocketAddress(), e.getMessage());
            Streams.closeQuietly(viewer);
            if (up != null) Streams.closeQuietly(up.closer());
        } finally {
            relays.remove(handshaking);
            left();
        }
    }

    private void left() {
        try {
            onViewerLeft.run();
        } catch (RuntimeException e) {
            log.warn("RFB gateway for {}: viewer-left listener failed: {}", name, e.toString());
        }
    }

    private static OutputStream viewer(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            return OutputStream.nullOutputStream();
        }
    }

    private void pump(InputStream from, OutputStream to, Closeable both) {
        try {
            Streams.copyUntilClosed(from, to);
        } finally {
            relays.remove(both);
            Streams.closeQuietly(both);   // either side closed: the other goes too
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            if (serverSocket != null) Streams.closeQuietly(serverSocket);
        }
        closeViewers();
        admission.close();
    }
}
