package org.rounds.broker.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The append-only audit log: every tap, connect, takeover, lock and enrolment, by user id and
 * endpoint, in the same transaction as the change it records. Never a badge number.
 */
public final class Audit {
    private Audit() {}

    /** A row of the broker's own doing (a tap, a takeover): no actor. */
    public static void append(Connection c, Instant at, String kind, String userId, String endpointId, String detail)
            throws SQLException {
        appendBy(c, at, null, kind, userId, endpointId, detail);
    }

    /**
     * A row in the trail of the practice {@code c}'s transaction named ({@code Tx.tenant}), with the admin who acted ({@code actor}: an admin account's name, or {@code local:USER}
     * for a tool that opened the store itself; null when the broker acted on its own).
     */
    public static void appendBy(Connection c, Instant at, String actor, String kind, String userId, String endpointId,
                                String detail) throws SQLException {
        appendIn(c, org.rounds.broker.store.Tx.tenant(c), at, actor, kind, userId, endpointId, detail);
    }

    /** As {@link #appendBy}, in {@code tenant}'s trail (issue 23): only that practice's admins see it. */
    public static void appendIn(Connection c, org.rounds.broker.store.Tenant tenant, Instant at, String actor, String kind, String userId,
                                String endpointId, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, kind, user_id, endpoint_id, detail, actor, tenant_id) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, kind);
            ps.setString(3, userId);
            ps.setString(4, endpointId);
            ps.setString(5, detail.length() > 500 ? detail.substring(0, 500) : detail);
            ps.setString(6, actor == null || actor.length() <= 64 ? actor : actor.substring(0, 64));
            ps.setString(7, tenant.name());
            ps.executeUpdate();
        }
    }
}
