package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Which broker holds each endpoint's push channel, so that a takeover decided on one broker
 * reaches an endpoint connected to another. The newest channel wins, as on one broker.
 */
public final class PushChannels {
    private PushChannels() {}

    /** The endpoint's channel is now open on {@code brokerId}. */
    public static void opened(Database db, String endpointId, String brokerId, Instant now) throws SQLException {
        try {
            insertOrUpdate(db, endpointId, brokerId, now);
        } catch (SQLException e) {
            if (!Sessions.isDuplicate(e)) throw e;
            insertOrUpdate(db, endpointId, brokerId, now);   // another broker inserted it first: update theirs
        }
    }

    private static void insertOrUpdate(Database db, String endpointId, String brokerId, Instant now) throws SQLException {
        Tx.run(db, c -> {
            if (update(c, endpointId, brokerId, now) == 0) {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO push_channels (endpoint_id, broker_id, opened_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, endpointId);
                    ps.setString(2, brokerId);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    private static int update(Connection c, String endpointId, String brokerId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE push_channels SET broker_id = ?, opened_at = ? WHERE endpoint_id = ?")) {
            ps.setString(1, brokerId);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, endpointId);
            return ps.executeUpdate();
        }
    }

    /** The channel on {@code brokerId} closed; a newer one on another broker stays recorded. */
    public static void closed(Database db, String endpointId, String brokerId) throws SQLException {
        Tx.run(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM push_channels WHERE endpoint_id = ? AND broker_id = ?")) {
                ps.setString(1, endpointId);
                ps.setString(2, brokerId);
                return ps.executeUpdate();
            }
        });
    }

    /** The broker holding the endpoint's channel, if any, read in the caller's transaction. */
    public static Optional<String> brokerOf(Connection c, String endpointId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT broker_id FROM push_channels WHERE endpoint_id = ?")) {
            ps.setString(1, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
