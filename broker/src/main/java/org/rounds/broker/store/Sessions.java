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
                      Optional<String> desktopHost, Tenant tenant, Optional<Claim> claim) {
        /** A session of the default practice, not claimed. */
        public Row(String userId, Optional<String> owner, long generation, String state, Optional<String> desktopBroker,
                   Optional<String> desktopHost) {
            this(userId, owner, generation, state, desktopBroker, desktopHost, Tenant.DEFAULT);
        }

        /** A session not claimed. */
        public Row(String userId, Optional<String> owner, long generation, String state, Optional<String> desktopBroker,
                   Optional<String> desktopHost, Tenant tenant) {
            this(userId, owner, generation, state, desktopBroker, desktopHost, tenant, Optional.empty());
        }

        /** The session as it was before {@code claim} moved it to its owner at this generation: the previous owner's. */
        public Row beforeClaim() {
            return new Row(userId, claim.flatMap(Claim::from), generation - 1, state, desktopBroker, desktopHost, tenant);
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

    /**
     * A tap handing the session over (the owner has it at this generation, but has no answer
     * yet): {@code from} showed it before, broker {@code by} is telling it and handing the desktop
     * over, and others may take the claim over from {@code until} on.
     */
    public record Claim(String tapId, Optional<String> from, String by, Instant until) {}

    /** A recorded tap: {@code decision} is empty while the tap is still being decided. */
    public record Tap(String endpointId, Optional<String> decision) {}

    /**
     * The user's session row, locked for this transaction (SELECT ... FOR UPDATE), created with
     * generation 0 when the user has none yet. Concurrent takeovers of one user queue here.
     */
    public static Row lock(Connection c, String userId, Instant now) throws SQLException {
        Optional<Row> row = select(c, userId, true);
        if (row.isPresent()) return row.get();
        // The user's first tap: another broker may be inserting the same row now. Its insert, not
        // this tap, wins (the tap id was the only duplicate a tap expected, so this one failed with a 500).
        java.sql.Savepoint beforeInsert = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO desktop_sessions (tenant_id, user_id, owner_endpoint, generation, state, updated_at) VALUES (?, ?, NULL, 0, 'none', ?)")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (!isDuplicate(e)) throw e;
            c.rollback(beforeInsert);
        }
        return select(c, userId, true).orElseThrow();
    }

    private static Optional<Row> select(Connection c, String userId, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM desktop_sessions WHERE tenant_id = ? AND user_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(c, rs)) : Optional.empty();
            }
        }
    }

    private static final String COLUMNS = "user_id, owner_endpoint, generation, state, desktop_broker, desktop_host, "
            + "claim_tap, claim_from, claim_by, claim_until";

    private static Row row(Connection c, ResultSet rs) throws SQLException {
        Optional<Claim> claim = rs.getString(7) == null ? Optional.empty() : Optional.of(new Claim(rs.getString(7),
                Optional.ofNullable(rs.getString(8)), rs.getString(9), rs.getTimestamp(10).toInstant()));
        return new Row(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getLong(3), rs.getString(4),
                Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)), Tx.tenant(c), claim);
    }

    /**
     * The session tap {@code tapId} claimed and has not finished, locked for this transaction:
     * found through the user the tap's row names ({@link #claim}), by primary keys alone (V20).
     */
    public static Optional<Row> claimedBy(Connection c, String tapId) throws SQLException {
        String userId;
        try (PreparedStatement ps = c.prepareStatement("SELECT claimed_user FROM taps WHERE tenant_id = ? AND tap_id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, tapId);
            try (ResultSet rs = ps.executeQuery()) {
                userId = rs.next() ? rs.getString(1) : null;
            }
        }
        if (userId == null) return Optional.empty();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM desktop_sessions WHERE tenant_id = ? AND user_id = ? AND claim_tap = ? FOR UPDATE")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            ps.setString(3, tapId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(c, rs)) : Optional.empty();
            }
        }
    }

    /**
     * Compare-and-set, as {@link #advance}, to endpoint {@code owner}, claimed by tap {@code claim}:
     * the hand-over from {@code claim.from()} is under way until {@link #finishClaim}.
     */
    public static boolean claim(Connection c, String userId, long expected, long generation, String owner, Claim claim,
                                Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE desktop_sessions SET owner_endpoint = ?, generation = ?, state = 'active', updated_at = ?, "
                        + "claim_tap = ?, claim_from = ?, claim_by = ?, claim_until = ? WHERE tenant_id = ? AND user_id = ? AND generation = ?")) {
            ps.setString(1, owner);
            ps.setLong(2, generation);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, claim.tapId());
            ps.setString(5, claim.from().orElse(null));
            ps.setString(6, claim.by());
            ps.setTimestamp(7, Timestamp.from(claim.until()));
            ps.setString(8, Tx.tenant(c).name());
            ps.setString(9, userId);
            ps.setLong(10, expected);
            if (ps.executeUpdate() != 1) return false;
        }
        // the tap names the session it claimed: a retry finds the claim from the tap id ({@link #claimedBy})
        try (PreparedStatement ps = c.prepareStatement("UPDATE taps SET claimed_user = ? WHERE tenant_id = ? AND tap_id = ?")) {
            ps.setString(1, userId);
            ps.setString(2, Tx.tenant(c).name());
            ps.setString(3, claim.tapId());
            ps.executeUpdate();
        }
        return true;
    }

    /**
     * Moves tap {@code tapId}'s claim to broker {@code by} until {@code until}, only if it is still
     * as {@code seen} (so two brokers resuming one tap never both carry it out).
     */
    public static boolean retakeClaim(Connection c, String userId, Claim seen, String by, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE desktop_sessions SET claim_by = ?, claim_until = ? "
                + "WHERE tenant_id = ? AND user_id = ? AND claim_tap = ? AND claim_by = ? AND claim_until = ?")) {
            ps.setString(1, by);
            ps.setTimestamp(2, Timestamp.from(until));
            ps.setString(3, Tx.tenant(c).name());
            ps.setString(4, userId);
            ps.setString(5, seen.tapId());
            ps.setString(6, seen.by());
            ps.setTimestamp(7, Timestamp.from(seen.until()));
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Ends tap {@code tapId}'s claim: the hand-over is done. False when the claim is no longer
     * the tap's (another tap, an admin or a lock moved the session on meanwhile).
     */
    public static boolean finishClaim(Connection c, String userId, String tapId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE desktop_sessions SET claim_tap = NULL, claim_from = NULL, "
                + "claim_by = NULL, claim_until = NULL, updated_at = ? WHERE tenant_id = ? AND user_id = ? AND claim_tap = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, Tx.tenant(c).name());
            ps.setString(3, userId);
            ps.setString(4, tapId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Lets others take tap {@code tapId}'s claim over from {@code until} (its broker gave up on it); false when it was not the tap's. */
    public static boolean releaseClaim(Connection c, String userId, String tapId, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE desktop_sessions SET claim_until = ? WHERE tenant_id = ? AND user_id = ? AND claim_tap = ?")) {
            ps.setTimestamp(1, Timestamp.from(until));
            ps.setString(2, Tx.tenant(c).name());
            ps.setString(3, userId);
            ps.setString(4, tapId);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Compare-and-set: moves the session to {@code generation} only if it is still at {@code expected}.
     * Any claim ends: a tap still handing the session over finds it moved on.
     */
    public static boolean advance(Connection c, String userId, long expected, long generation, String owner, String state,
                                  Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE desktop_sessions SET owner_endpoint = ?, generation = ?, state = ?, updated_at = ?, "
                        + "claim_tap = NULL, claim_from = NULL, claim_by = NULL, claim_until = NULL "
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

    /**
     * As {@link #decideTap}, only while the tap has no decision: false when another broker
     * answered it first (one that took over this broker's claim while this one was taken for gone).
     */
    public static boolean decideTapOnce(Connection c, String tapId, String decisionJson, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE taps SET decision = ?, decided_at = ? WHERE tenant_id = ? AND tap_id = ? AND decision IS NULL")) {
            ps.setString(1, decisionJson);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, Tx.tenant(c).name());
            ps.setString(4, tapId);
            return ps.executeUpdate() == 1;
        }
    }

    /** SQLState 23505: unique violation, the same code in H2 and PostgreSQL. */
    public static boolean isDuplicate(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
