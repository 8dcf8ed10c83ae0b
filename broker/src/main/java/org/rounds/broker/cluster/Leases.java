package org.rounds.broker.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brokers' liveness as leases in the database ({@code broker_leases}): this broker renews its
 * row every {@link #RENEW_EVERY} for {@link #TERM} ahead, by the database's clock (so brokers'
 * clocks need not agree). Another broker is alive while its lease has not expired. The rows are
 * replicated, so a lease survives a failover of the primary that is shorter than its term.
 */
final class Leases implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Leases.class);
    static final Duration TERM = Duration.ofSeconds(5);
    static final Duration RENEW_EVERY = Duration.ofSeconds(1);
    /** Rows of brokers gone this long, and messages this long past their expiry, are removed by the renewer. */
    private static final String STALE = "INTERVAL '10 minutes'";

    private final Database db;
    private final String id;
    private final ScheduledExecutorService renewer;
    private Connection connection;
    private int renewals;
    /** host:port this broker serves on, once known; written with each renewal. */
    private volatile String address;

    /** Takes the lease at once (a broker is alive from its start), then renews it in the background. */
    Leases(Database db, String id) {
        this.db = db;
        this.id = id;
        renew();
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rounds-cluster-lease");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renew, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void renew() {
        try {
            try (PreparedStatement ps = connection().prepareStatement("INSERT INTO broker_leases (broker_id, expires_at, address) "
                    + "VALUES (?, LOCALTIMESTAMP + INTERVAL '" + TERM.toMillis() + " milliseconds', ?) ON CONFLICT (broker_id) "
                    + "DO UPDATE SET expires_at = EXCLUDED.expires_at, address = EXCLUDED.address")) {
                ps.setString(1, id);
                ps.setString(2, address);
                ps.executeUpdate();
            }
            if (renewals++ % 60 == 0) {
                update("DELETE FROM broker_leases WHERE expires_at < LOCALTIMESTAMP - " + STALE, null);
                update("DELETE FROM cluster_messages WHERE expires_at < LOCALTIMESTAMP - " + STALE, null);
            }
        } catch (SQLException e) {
            drop();
            log.warn("broker {} could not renew its lease ({}); trying again in {} ms", id, e.getMessage(), RENEW_EVERY.toMillis());
        }
    }

    /**
     * How long a broker seen alive (its lease fresh, its port accepting) is taken for alive
     * without looking again. Every cross-broker ask looked first, a query on the one connection
     * all of this broker's asks share under a lock and a TCP connect to the other broker, two of
     * each per takeover, hundreds a second at a busy site; so short that a broker killed just
     * after is still found out within the ask's own wait.
     */
    static final long SEEN_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private final java.util.Map<String, Long> leaseSeenAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Long> acceptedAt = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean recent(java.util.Map<String, Long> seen, String brokerId) {
        Long at = seen.get(brokerId);
        return at != null && System.nanoTime() - at < SEEN_ALIVE_NANOS;
    }

    /** Whether {@code brokerId}'s lease has not expired; true when the database cannot tell (ask, and let the bounded wait decide). */
    boolean alive(String brokerId) {
        if (recent(leaseSeenAt, brokerId)) return true;
        boolean alive = leaseFresh(brokerId);
        if (alive) leaseSeenAt.put(brokerId, System.nanoTime());
        return alive;
    }

    private synchronized boolean leaseFresh(String brokerId) {
        try {
            try (PreparedStatement ps = connection().prepareStatement(
                    "SELECT 1 FROM broker_leases WHERE broker_id = ? AND expires_at > LOCALTIMESTAMP")) {
                ps.setString(1, brokerId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        } catch (SQLException e) {
            drop();
            return true;
        }
    }

    /** Records where this broker serves ({@code host:port}), from the next renewal on. */
    void advertise(String hostPort) {
        address = hostPort;
    }

    /**
     * Whether nothing listens any more where {@code brokerId} said it serves (connection
     * refused): its process is gone, though its lease has not yet run out. A broker cut off from
     * the database but running still accepts, and one whose machine is gone does not refuse (its
     * connect times out): both are waited for until their lease expires.
     */
    boolean processGone(String brokerId) {
        if (gone.contains(brokerId)) return true;
        if (recent(acceptedAt, brokerId)) return false;
        String at = addresses.get(brokerId);
        if (at == null) {
            synchronized (this) {
                try (PreparedStatement ps = connection().prepareStatement("SELECT address FROM broker_leases WHERE broker_id = ?")) {
                    ps.setString(1, brokerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        at = rs.next() ? rs.getString(1) : null;
                    }
                } catch (SQLException e) {
                    drop();
                    return false;
                }
            }
            if (at == null || at.lastIndexOf(':') < 0) return false;
            addresses.put(brokerId, at);   // a broker id is one process's: its address never changes
        }
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(at.substring(0, at.lastIndexOf(':')),
                    Integer.parseInt(at.substring(at.lastIndexOf(':') + 1))), 300);
            acceptedAt.put(brokerId, System.nanoTime());
            return false;
        } catch (java.net.ConnectException refused) {
            gone.add(brokerId);   // and stays gone: a restarted broker has a new id
            return true;
        } catch (java.io.IOException | RuntimeException cannotTell) {
            return false;
        }
    }

    private final java.util.Map<String, String> addresses = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void update(String sql, String arg) throws SQLException {
        try (PreparedStatement ps = connection().prepareStatement(sql)) {
            if (arg != null) ps.setString(1, arg);
            ps.executeUpdate();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) connection = db.openDedicatedUnsynchronised();
        return connection;
    }

    private void drop() {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    /** Stops renewing and gives the lease up: a broker that stops is gone at once, not after its term. */
    @Override
    public synchronized void close() {
        renewer.shutdownNow();
        try {
            update("DELETE FROM broker_leases WHERE broker_id = ?", id);
        } catch (SQLException e) {
            log.info("broker {} could not give up its lease ({}); it expires in {} s", id, e.getMessage(), TERM.toSeconds());
        }
        drop();
    }
}
