package org.rounds.testpeers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay for tests, standing where a router would between two machines of a
 * {@link TestNetwork}: it listens on one address and forwards every connection to a target,
 * and can
 * <ul>
 * <li>add a fixed delay each way (this kernel has no netem),</li>
 * <li>cut the link for a while ({@link #cut}: open connections are dropped, new ones refused),</li>
 * <li>record the first bytes it forwarded each way ({@link #recorded}), so that a test can look
 *     for clear text on the wire.</li>
 * </ul>
 * Bounded: at most {@code maxConnections} relayed at once (more are closed on accept), four
 * threads each, reads of at most 16 KiB, a 5 s connect deadline to the target.
 *
 * <pre>{@code
 * try (Relay relay = Relay.builder(new InetSocketAddress(net.rootAddress(), 0), hostDesktop).delay(Duration.ofMillis(50)).start()) {
 *     ... point the endpoint at relay.address() ...
 *     assertThat(new String(relay.recorded(Relay.Direction.FROM_TARGET), ISO_8859_1)).doesNotContain("RFB 003.008");
 * }
 * }</pre>
 */
public final class Relay implements AutoCloseable {

    /** Which way bytes went: from the side that connected to the relay to the target, or back. */
    public enum Direction { TO_TARGET, FROM_TARGET }

    private final InetSocketAddress target;
    private final Duration delay;
    private final int maxConnections;
    private final Map<Direction, Recording> recordings = new EnumMap<>(Direction.class);
    private final Set<RelayedConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();   // connecting or relayed: what the cap counts
    private final AtomicInteger numbers = new AtomicInteger();
    private final ScheduledExecutorService timer;
    private InetSocketAddress address;   // the bound address: a port 0 becomes a real one and stays through cuts
    private ServerSocket listener;       // null while cut or closed
    private Thread acceptor;             // the thread accepting on listener
    private ScheduledFuture<?> restoring;
    private boolean closed;

    private Relay(InetSocketAddress listen, InetSocketAddress target, Duration delay, int maxConnections, int recordLimit) {
        this.address = listen;
        this.target = target;
        this.delay = delay;
        this.maxConnections = maxConnections;
        for (Direction d : Direction.values()) recordings.put(d, new Recording(recordLimit));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "relay-timer"));
    }

    /** A relay that will listen on {@code listen} (port 0: any free one) and forward to {@code target}. */
    public static Builder builder(InetSocketAddress listen, InetSocketAddress target) {
        return new Builder(listen, target);
    }

    /** Options of a {@link Relay}; every one has a default. */
    public static final class Builder {
        private final InetSocketAddress listen;
        private final InetSocketAddress target;
        private Duration delay = Duration.ZERO;
        private int maxConnections = 32;
        private int recordLimit = 16 << 20;

        private Builder(InetSocketAddress listen, InetSocketAddress target) {
            this.listen = Objects.requireNonNull(listen, "listen");
            this.target = Objects.requireNonNull(target, "target");
        }

        /** Added to every byte's way, in each direction (default none). Order is kept, throughput is not limited. */
        public Builder delay(Duration delay) {
            if (delay.isNegative()) throw new IllegalArgumentException("delay must not be negative: " + delay);
            this.delay = delay;
            return this;
        }

        /** Connections relayed at once (default 32); more are closed as soon as they are accepted. */
        public Builder maxConnections(int max) {
            if (max < 1) throw new IllegalArgumentException("maxConnections must be at least 1: " + max);
            this.maxConnections = max;
            return this;
        }

        /** Bytes kept per direction, over all connections (default 16 MiB); what comes after is forwarded, not kept. */
        public Builder recordLimit(int bytes) {
            if (bytes < 0) throw new IllegalArgumentException("recordLimit must not be negative: " + bytes);
            this.recordLimit = bytes;
            return this;
        }

        /** Binds the listening address and starts relaying. */
        public Relay start() {
            Relay relay = new Relay(listen, target, delay, maxConnections, recordLimit);
            relay.listen();
            return relay;
        }
    }

    /** Where the relay listens (the real port when it was given 0). */
    public synchronized InetSocketAddress address() {
        return address;
    }

    /**
     * Cuts the link for {@code duration}: drops every open connection at once and refuses new ones
     * (the port is closed: a connect gets "connection refused") until it is {@link #restore restored},
     * which happens by itself after {@code duration}.
     */
    public void cut(Duration duration) {
        synchronized (this) {
            if (closed) throw new IllegalStateException("the relay is closed");
            stopListening();
            if (restoring != null) restoring.cancel(false);
            restoring = timer.schedule(this::restore, duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        dropAll();
    }

    /** Ends a cut now (no-op when the link is up): the port accepts again. */
    public synchronized void restore() {
        if (closed || listener != null) return;
        if (restoring != null) restoring.cancel(false);
        restoring = null;
        listen();
    }

    /** True while a {@link #cut} lasts. */
    public synchronized boolean isCut() {
        return !closed && listener == null;
    }

    /** A copy of the first bytes forwarded in {@code direction}, over every connection, in the order they went. */
    public byte[] recorded(Direction direction) {
        return recordings.get(direction).bytes();
    }

    /** How many bytes went in {@code direction} in all (recorded or not). */
    public long forwarded(Direction direction) {
        return recordings.get(direction).total();
    }

    /** Connections accepted and relayed so far (not those closed for the cap). */
    public int accepted() {
        return accepted.get();
    }

    /** Connections being relayed now. */
    public int openConnections() {
        return open.size();
    }

    /** Stops listening, drops every connection and stops every thread. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            stopListening();
        }
        timer.shutdownNow();
        dropAll();
    }

    private synchronized void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);   // the same port again right after a cut, despite connections in TIME_WAIT
            s.bind(address, 64);
            address = new InetSocketAddress(address.getAddress(), s.getLocalPort());
            listener = s;
            acceptor = daemon(() -> accept(s), "relay-accept-" + s.getLocalPort());
            acceptor.start();
        } catch (IOException e) {
            throw new IllegalStateException("relay cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    private void stopListening() {
        if (listener == null) return;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listener only fails when it is closed already
        }
        listener = null;
        try {
            // The JDK defers the real close of a socket a thread is accepting on until that thread
            // has left accept(): until then the port still takes connections. A cut refuses at once.
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dropAll() {
        open.forEach(RelayedConnection::close);
    }

    /** Runs until {@code s} is closed (a cut or close); each listening epoch has its own thread. */
    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return;   // closed by cut() or close()
            }
            if (live.incrementAndGet() > maxConnections) {
                live.decrementAndGet();
                closeQuietly(client);
                continue;
            }
            int n = numbers.incrementAndGet();
            daemon(() -> connect(client, n), "relay-" + n + "-connect").start();
        }
    }

    private void connect(Socket client, int n) {
        Socket server = new Socket();
        try {
            server.connect(target, 5000);
        } catch (IOException e) {
            closeQuietly(client);   // the target refuses: so does the relay, as a router would pass the RST on
            closeQuietly(server);
            live.decrementAndGet();
            return;
        }
        RelayedConnection c = new RelayedConnection(n, client, server, delay, recordings, ended -> {
            open.remove(ended);
            live.decrementAndGet();
        });
        synchronized (this) {
            if (closed || listener == null) {   // cut or closed while connecting
                c.close();
                return;
            }
            open.add(c);
        }
        accepted.incrementAndGet();
        c.start();
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do about a socket that fails to close
        }
    }

    /** The bytes of one direction, the first {@code limit} kept. */
    static final class Recording {
        private final int limit;
        private final java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        private long total;

        Recording(int limit) {
            this.limit = limit;
        }

        synchronized void add(byte[] b, int off, int len) {
            total += len;
            int room = limit - kept.size();
            if (room > 0) kept.write(b, off, Math.min(room, len));
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }

        synchronized long total() {
            return total;
        }
    }
}
