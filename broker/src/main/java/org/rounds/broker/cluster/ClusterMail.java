package org.rounds.broker.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.rounds.broker.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How brokers on one PostgreSQL reach each other ({@link ClusterBus} says what they ask). A
 * request is a row of {@code cluster_messages} addressed to a broker, and a NOTIFY on its
 * channel ({@code rounds_<id>}) wakes it to read (and delete) its rows. Notifications are not
 * replicated, and a broker whose primary failed over listens again on the new one: it then
 * catches up from the rows, so nothing another broker sent meanwhile is lost. An answer may
 * come in a NOTIFY's payload alone ({@link #notifyAnswer}).
 */
final class ClusterMail implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterMail.class);

    private final Database db;
    private final String id;
    private final Consumer<String> requests;
    private final Consumer<String> answers;
    private final CountDownLatch listening = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicLong listens = new java.util.concurrent.atomic.AtomicLong();
    private final Thread listener;
    private final Object sendLock = new Object();
    private Connection sender;
    private volatile boolean closed;

    /**
     * Starts listening as broker {@code id}: rows addressed here go to {@code requests} (and
     * answers sent as rows, by brokers before answers in payloads), in the order sent; NOTIFY
     * payloads go to {@code answers}. Returns once the LISTEN is in place (or after 10 s, with a warning).
     */
    ClusterMail(Database db, String id, Consumer<String> requests, Consumer<String> answers) {
        this.db = db;
        this.id = id;
        this.requests = requests;
        this.answers = answers;
        this.listener = new Thread(this::listen, "rounds-cluster-listen");
        listener.setDaemon(true);
        listener.start();
        try {
            if (!listening.await(10, TimeUnit.SECONDS)) log.warn("broker {} is not yet listening to the other brokers", id);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String applicationName(String brokerId) {
        return "rounds-broker-" + brokerId;
    }

    /**
     * How many times this broker has started listening (once at its start, once more after each
     * lost LISTEN connection). A NOTIFY sent while it was not listening is gone, so an asker
     * whose count moved while it waited for an answer in a payload asks again ({@link ClusterBus}).
     */
    long listens() {
        return listens.get();
    }

    /**
     * Stores {@code message} for the broker (kept until it reads it, or {@code ttl} passes) and
     * wakes it with a NOTIFY, in one statement: both or neither. Over a connection of our own,
     * never one a transaction holds.
     */
    void send(String brokerId, ObjectNode message, Duration ttl) throws SQLException {
        String payload = message.toString();
        onSender("WITH m AS (INSERT INTO cluster_messages (to_broker, payload, expires_at) VALUES (?, ?, LOCALTIMESTAMP + ? "
                + "* INTERVAL '1 millisecond') RETURNING id) SELECT pg_notify(?, '') FROM m", ps -> {
            ps.setString(1, brokerId);
            ps.setString(2, payload);
            ps.setLong(3, ttl.toMillis());
            ps.setString(4, channel(brokerId));
        });
    }

    /** An answer in a NOTIFY's payload alone, for a request that asked for it ({@link ClusterBus}'s {@code answerBy}). */
    void notifyAnswer(String brokerId, ObjectNode answer) throws SQLException {
        String payload = answer.toString();
        onSender("SELECT pg_notify(?, ?)", ps -> {
            ps.setString(1, channel(brokerId));
            ps.setString(2, payload);
        });
    }

    private interface Binding {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Runs {@code sql} on this broker's sending connection, never one a transaction holds; once more on a fresh one if it broke. */
    private void onSender(String sql, Binding binding) throws SQLException {
        synchronized (sendLock) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (sender == null || sender.isClosed()) sender = db.openDedicatedUnsynchronised();
                    try (PreparedStatement ps = sender.prepareStatement(sql)) {
                        binding.bind(ps);
                        ps.execute();
                    }
                    return;
                } catch (SQLException e) {
                    closeQuietly(sender);
                    sender = null;
                    if (attempt == 1) throw e;   // one fresh connection, then give up
                }
            }
        }
    }

    private static String channel(String brokerId) {
        if (!brokerId.matches("[0-9a-f]{16}")) throw new IllegalArgumentException("not a broker id: " + brokerId);
        return "rounds_" + brokerId;
    }

    /**
     * LISTEN, then read what is already addressed here (sent while this broker was not
     * listening: at its start, or during a failover), then read again at each notification and
     * every 2 s in case one was missed. Reading deletes the rows, so each message is acted on once.
     */
    private void listen() {
        while (!closed) {
            try (Connection c = db.openDedicatedUnsynchronised(); Statement st = c.createStatement()) {
                st.execute("SET application_name = '" + applicationName(id) + "'");
                st.execute("LISTEN " + channel(id));
                listens.incrementAndGet();
                PGConnection pg = c.unwrap(PGConnection.class);
                catchUp(c);
                listening.countDown();
                for (int idle = 0; !closed; ) {
                    PGNotification[] got = pg.getNotifications(500);
                    boolean rows = ++idle == 4;
                    for (PGNotification n : got == null ? new PGNotification[0] : got) {
                        // an answer comes in its payload; an empty one says rows wait in cluster_messages
                        if (n.getParameter() == null || n.getParameter().isEmpty()) rows = true;
                        else answers.accept(n.getParameter());
                    }
                    if (rows) {
                        catchUp(c);
                        idle = 0;
                    }
                }
            } catch (SQLException e) {
                if (closed) return;
                log.warn("broker {} lost its LISTEN connection ({}); listening again in 250 ms", id, e.getMessage());
                try {
                    Thread.sleep(250);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Takes every message addressed to this broker, in the order sent; those past their expiry are dropped unread. */
    private void catchUp(Connection c) throws SQLException {
        java.util.TreeMap<Long, String> fresh = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_messages WHERE to_broker = ? "
                + "RETURNING id, payload, expires_at > LOCALTIMESTAMP")) {
            ps.setString(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) if (rs.getBoolean(3)) fresh.put(rs.getLong(1), rs.getString(2));
            }
        }
        fresh.values().forEach(requests);
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
        synchronized (sendLock) {
            closeQuietly(sender);
            sender = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }
}
