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

    public static void append(Connection c, Instant at, String kind, String userId, String endpointId, String detail)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO audit (at, kind, user_id, endpoint_id, detail) VALUES (?, ?, ?, ?, ?)")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, kind);
            ps.setString(3, userId);
            ps.setString(4, endpointId);
            ps.setString(5, detail.length() > 500 ? detail.substring(0, 500) : detail);
            ps.executeUpdate();
        }
    }
}
