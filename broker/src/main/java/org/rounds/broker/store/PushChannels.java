package org.rounds.broker.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Which broker holds each endpoint's push channel, so that a takeover decided on one broker
 * reaches an endpoint connected to another. The newest channel wins, as on one broker. A channel
 * is a practice's endpoint's: two practices' endpoints of the same id hold two channels.
 */
public final class PushChannels {
    private PushChannels() {}

    /** The default practice's endpoint's channel is now open on {@code brokerId}. */
    public static void opened(Database db, String endpointId, String brokerId, Instant now) throws SQLException {
        opened(db, Tenant.DEFAULT, endpointId, brokerId, now);
    }

    /** The channel of endpoint {@code endpointId} of practice {@code tenant} is now open on {@code brokerId}. */
    public static void opened(Database db, Tenant tenant, String endpointId, String brokerId, Instant now) throws SQLException {
        try {
            insertOrUpdate(db, tenant, endpointId, brokerId, now);
        } catch (SQLException e) {
            if (!Sessions.isDuplicate(e)) throw e;
            insertOrUpdate(db, tenant, endpointId, brokerId, now);   // another broker inserted it first: update theirs
        }
    }

    private static void insertOrUpdate(Database db, Tenant tenant, String endpointId, String brokerId, Instant now) throws SQLException {
        Tx.run(db, tenant, c -> {
            if (Directory.update(c, "UPDATE push_channels SET broker_id = ?, opened_at = ? WHERE tenant_id = ? AND endpoint_id = ?",
                    brokerId, now, tenant.name(), endpointId) == 0) {
                Directory.update(c, "INSERT INTO push_channels (tenant_id, endpoint_id, broker_id, opened_at) VALUES (?, ?, ?, ?)",
                        tenant.name(), endpointId, brokerId, now);
            }
            return null;
        });
    }

    /** The default practice's endpoint's channel on {@code brokerId} closed. */
    public static void closed(Database db, String endpointId, String brokerId) throws SQLException {
        closed(db, Tenant.DEFAULT, endpointId, brokerId);
    }

    /** The channel on {@code brokerId} closed; a newer one on another broker stays recorded. */
    public static void closed(Database db, Tenant tenant, String endpointId, String brokerId) throws SQLException {
        Tx.run(db, tenant, c -> Directory.update(c, "DELETE FROM push_channels WHERE tenant_id = ? AND endpoint_id = ? AND broker_id = ?",
                tenant.name(), endpointId, brokerId));
    }

    /** The broker holding the channel of the endpoint of the practice {@code c}'s transaction named, if any. */
    public static Optional<String> brokerOf(Connection c, String endpointId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT broker_id FROM push_channels WHERE tenant_id = ? AND endpoint_id = ?")) {
            ps.setString(1, Tx.tenant(c).name());
            ps.setString(2, endpointId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
