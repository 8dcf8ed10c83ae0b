package org.rounds.display.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFB 3.8 server for one {@link DesktopSource}. Each viewer gets a named reader and writer
 * thread; {@link #close()} stops accepting, closes every viewer and returns only once all of
 * this server's threads have ended.
 *
 * <pre>{@code
 * RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0)
 *       .source(desktop).security(ServerSecurity.oneTimePasswords(book)).build();
 * server.start();
 * }</pre>
 */
public final class RfbServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RfbServer.class);

    private final InetAddress bind;
    private final int requestedPort;
    private final DesktopSource source;
    private final ServerSecurity security;
    private final Admission admission;
    private final Runnable onViewerLeft;
    private final Set<Viewer> viewers = ConcurrentHashMap.newKeySet();
    /** Every viewer whose threads may still run (a viewer leaves {@link #viewers} a moment before its thread ends). */
    private final Queue<Viewer> started = new ConcurrentLinkedQueue<>();
    private final AtomicInteger viewerNumbers = new AtomicInteger();
    private ServerSocket serverSocket;
    private Thread acceptor;
    private volatile boolean closed;

    private RfbServer(Builder b) {
        bind = b.bind;
        requestedPort = b.port;
        source = Objects.requireNonNull(b.source, "source");
        security = b.security;
        admission = new Admission(b.limits, "server-" + source.name().replaceAll("\\s+", "-"));
        onViewerLeft = b.onViewerLeft;
    }

    public static Builder builder() { return new Builder(); }

    /** Binds and starts accepting viewers. */
    public synchronized void start() throws IOException {
        if (serverSocket != null) throw new IllegalStateException("server already started");
        if (closed) throw new IllegalStateException("server is closed");
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(bind, requestedPort), 16);
        acceptor = new Thread(this::acceptLoop, "rfb-server-accept-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        log.info("RFB server for \"{}\" listening on {}:{}", source.name(), bind.getHostAddress(), serverSocket.getLocalPort());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) log.warn("RFB server accept failed, stopping: {}", e.getMessage());
                return;
            }
            if (closed) {
                closeQuietly(s);
                return;
            }
            SourceLimits.Lease lease = admission.admit(s, "server \"" + source.name() + "\"");
            if (lease == null) continue;
            Viewer v = new Viewer(s, source, security, viewerNumbers.incrementAndGet(), admission, this::left);
            started.removeIf(Viewer::finished);
            started.add(v);
            viewers.add(v);
            v.start(lease);
        }
    }

    /**
     * Serves a viewer a {@link DesktopPort} authenticated (TLS and password, ClientInit read):
     * it gets ServerInit next. {@code lease} is its place under the port's caps, given back when
     * it ends; {@code ended} runs after this server's own viewer-left listener. Works whether or
     * not this server listens itself.
     */
    void adopt(Socket socket, ServerTransport transport, SourceLimits.Lease lease, Runnable ended) {
        if (closed) {
            lease.close();
            closeQuietly(socket);
            ended.run();
            return;
        }
        Viewer v = new Viewer(socket, transport, source, security, viewerNumbers.incrementAndGet(), admission, x -> {
            left(x);
            ended.run();
        });
        started.removeIf(Viewer::finished);
        started.add(v);
        viewers.add(v);
        v.start(lease);
    }

    private void left(Viewer v) {
        viewers.remove(v);
        try {
            onViewerLeft.run();
        } catch (RuntimeException e) {
            log.warn("RFB server for \"{}\": viewer-left listener failed: {}", source.name(), e.toString());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // refusing it anyway
        }
    }

    /** The bound TCP port (useful with port 0). */
    public synchronized int port() {
        if (serverSocket == null) throw new IllegalStateException("server not started");
        return serverSocket.getLocalPort();
    }

    /** Viewers currently connected (including ones still in the handshake). */
    public int viewerCount() { return viewers.size(); }

    /**
     * The desktop's clipboard text changed: every connected viewer is offered it (UTF-8 through
     * the Extended Clipboard where the viewer speaks it, else Latin-1 ServerCutText).
     */
    public void offerClipboard(String text) {
        java.util.Objects.requireNonNull(text);
        for (Viewer v : viewers) v.offerClipboard(text);
    }

    /** Disconnects every viewer and waits until their threads have ended. The server keeps accepting. */
    public void closeViewers() {
        for (Viewer v : List.copyOf(started)) v.close();
    }

    @Override
    public void close() {
        Thread a;
        synchronized (this) {
            closed = true;
            a = acceptor;
            try {
                if (serverSocket != null) serverSocket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        if (a != null) {
            try {
                a.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeViewers();
        admission.close();
    }

    public static final class Builder {
        private InetAddress bind = InetAddress.getLoopbackAddress();
        private int port = 5900;
        private DesktopSource source;
        private ServerSecurity security = ServerSecurity.none();
        private ViewerLimits limits = ViewerLimits.defaults();
        private Runnable onViewerLeft = () -> {};

        /** Address to listen on; default loopback. */
        public Builder bind(InetAddress address) { this.bind = Objects.requireNonNull(address); return this; }

        /** TCP port, 0 for any free one; default 5900. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 0..65535");
            this.port = port;
            return this;
        }

        /** The desktop to serve (required). */
        public Builder source(DesktopSource source) { this.source = Objects.requireNonNull(source); return this; }

        /** How viewers are admitted; default {@link ServerSecurity#none()}. */
        public Builder security(ServerSecurity security) { this.security = Objects.requireNonNull(security); return this; }

        /**
         * Handshake deadline, connection caps and the failed-authentication block; default: fresh
         * {@link ViewerLimits#defaults()} of its own. Servers given one instance share its failed-authentication counts.
         */
        public Builder limits(ViewerLimits limits) { this.limits = Objects.requireNonNull(limits); return this; }

        /**
         * Called on the viewer's thread after each viewer's connection ends, whoever ended it
         * ({@link #viewerCount} no longer counts it). Must be quick and must not wait for
         * {@link #closeViewers}, which waits for that thread. Default: nothing.
         */
        public Builder onViewerLeft(Runnable listener) { this.onViewerLeft = Objects.requireNonNull(listener); return this; }

        public RfbServer build() { return new RfbServer(this); }
    }
}
