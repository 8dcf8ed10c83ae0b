package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Desktop sessions (owner, generation) and tap decisions, inside the caller's transaction and in
 * the practice it named ({@link Tx#tenant}): another practice's user of the same id has a session
 * of its own, and a tap id is another practice's to reuse.
 */
public final class Sessions {
    private Sessions() {}

    /**
     * A user's desktop session; {@code owner} is empty when no endpoint shows it;
     * {@code desktopBroker} is the broker that last handed its desktop to a viewer;
     * {@code desktopHost} the desktop host it was placed on (empty: a broker's own desktops).
     */
    public record Row(String userId, Optional<String> owner, long generation, String state, Optional<String> desktopBroker,
                      Optional<String> desktopHost, Tenant tenant) {
        /** A session of the default practice. */
        public Row(String userId, Optional<String> owner, long generation, String state, Optional<String> desktopBroker,
                   Optional<String> desktopHost) {
            this(userId, owner, generation, state, desktopBroker, desktopHost, Tenant.DEFAULT);
        }

        /**
         * The name of the user's desktop where desktops of several practices meet (a broker's own
         * pool, a message to another broker): the user id in the default practice, else
         * {@code PRACTICE/USER} (neither holds a '/'), so two practices' user "u1" never share one.
         */
        public String desktopKey() {
            return tenant.isDefault() ? userId : tenant.name() + "/" + userId;
        }
    }

    /** A recorded tap: {@code decision} is empty while the tap is still being decided. */
    public record Tap(String endpointId, Optional<String> decision) {}

    /**
     * The user's session row, locked for this transaction (SELECT ... FOR UPDATE), created with
     * generation 0 when the user has none yet. Concurrent takeovers of one user queue here.
     */
    public static Row lock(Connection c, String userId, Instant now) throws SQLException {
        Optional<Row> row = select(c, userId, true);
        if (row.isPresent()) return row.get();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO desktop_sessions (tenant_id, user_id, owner_endpoint, generation, state, updated_at) VALUES (?, ?, NULL, 0, 'none', ?)")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        }
        return select(c, userId, true).orElseThrow();
    }

    private static Optional<Row> select(Connection c, String userId, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT owner_endpoint, generation, state, desktop_broker, desktop_host FROM desktop_sessions WHERE tenant_id = ? AND user_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            Tenant tenant = Tx.tenant(c);
            ps.setString(1, tenant.name());
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Row(userId, Optional.ofNullable(rs.getString(1)), rs.getLong(2), rs.getString(3),
                        Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)), tenant));
            }
        }
    }

    /** Compare-and-set: moves the session to {@code generation} only if it is still at {@code expected}. */
    public static boolean advance(Connection c, String userId, long expected, long generation, String owner, String state,
                                  Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE desktop_sessions SET owner_endpoint = ?, generation = ?, state = ?, updated_at = ? "
                        + "WHERE tenant_id = ? AND user_id = ? AND generation = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, generation);
            ps.setString(3, state);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setString(5, Tx.tenant(c).name());
            ps.setString(6, userId);
            ps.setLong(7, expected);
            return ps.executeUpdate() == 1;
        }
    }

    /** Records which broker's desktop host now serves the user's desktop to its viewer. */
    public static void servedBy(Connection c, String userId, String brokerId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE desktop_sessions SET desktop_broker = ? WHERE tenant_id = ? AND user_id = ?")) {
            ps.setString(1, brokerId);
            ps.setString(2, Tx.tenant(c).name());
            ps.setString(3, userId);
            ps.executeUpdate();
        }
    }

    /** Records the desktop host the user's desktop now runs on (later taps return to it while it is up). */
    public static void placedOn(Connection c, String userId, String host) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE desktop_sessions SET desktop_host = ? WHERE tenant_id = ? AND user_id = ?")) {
            ps.setString(1, host);
            ps.setString(2, Tx.tenant(c).name());
            ps.setString(3, userId);
            ps.executeUpdate();
        }
    }

    /** How many of the practice's desktops endpoints show now (sessions with an owner), in {@code c}'s transaction and practice. */
    public static int shown(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM desktop_sessions WHERE tenant_id = ? AND owner_endpoint IS NOT NULL")) {
            ps.setString(1, Tx.tenant(c).name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public static Optional<Row> find(Connection c, String userId) throws SQLException {
        return select(c, userId, false);
    }

    public static Optional<Tap> tap(Connection c, String tapId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT endpoint_id, decision FROM taps WHERE tenant_id = ? AND tap_id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, tapId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Tap(rs.getString(1), Optional.ofNullable(rs.getString(2)))) : Optional.empty();
            }
        }
    }

    /** Records a tap as pending; throws a unique-violation SQLException when the id was seen already. */
    public static void beginTap(Connection c, String tapId, String endpointId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO taps (tenant_id, tap_id, endpoint_id, decision, decided_at) VALUES (?, ?, ?, NULL, ?)")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, tapId);
            ps.setString(3, endpointId);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    public static void decideTap(Connection c, String tapId, String decisionJson, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE taps SET decision = ?, decided_at = ? WHERE tenant_id = ? AND tap_id = ?")) {
            ps.setString(1, decisionJson);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, Tx.tenant(c).name());
            ps.setString(4, tapId);
            ps.executeUpdate();
        }
    }

    /** SQLState 23505: unique violation, the same code in H2 and PostgreSQL. */
    public static boolean isDuplicate(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
