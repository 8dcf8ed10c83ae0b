package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * When a session's desktop connection first dropped at its generation, as the broker heard it
 * (V8), for desktop pools that cannot say when their viewers left; inside the caller's
 * transaction with the session row already locked. A drop belongs to one generation: once the
 * session moves on, the old drop no longer counts.
 */
public final class Drops {
    private Drops() {}

    /** When the user's session at {@code generation} dropped, if the broker has heard. */
    public static Optional<Instant> since(Connection c, String userId, long generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT dropped_at FROM desktop_sessions WHERE tenant_id = ? AND user_id = ? AND dropped_generation = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, userId);
            ps.setLong(3, generation);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getTimestamp(1) == null) return Optional.empty();
                return Optional.of(rs.getTimestamp(1).toInstant());
            }
        }
    }

    /** Records that the session at {@code generation} dropped at {@code at}. */
    public static void mark(Connection c, String userId, long generation, Instant at) throws SQLException {
        set(c, userId, Timestamp.from(at), generation);
    }

    private static void set(Connection c, String userId, Timestamp at, long generation) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE desktop_sessions SET dropped_at = ?, dropped_generation = ? WHERE tenant_id = ? AND user_id = ?")) {
            ps.setTimestamp(1, at);
            ps.setLong(2, generation);
            ps.setString(3, Tx.tenant(c).name());
            ps.setString(4, userId);
            ps.executeUpdate();
        }
    }
}
