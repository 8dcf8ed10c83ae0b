package org.rounds.broker.http;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tx;

/** The read-only views of the admin API (any role): endpoints, desktop sessions and the audit trail. */
final class AdminReads {
    private AdminReads() {}

    static List<Map<String, Object>> endpoints(Database db) throws SQLException {
        return rows(db, "SELECT id AS \"id\", kind AS \"kind\", location AS \"location\", last_seen AS \"lastSeen\" "
                + "FROM endpoints ORDER BY id", null, 10_000);
    }

    /** Every user's desktop session: who owns it where, at which generation, in which state. */
    static List<Map<String, Object>> desktopSessions(Database db) throws SQLException {
        return rows(db, "SELECT user_id AS \"userId\", owner_endpoint AS \"endpointId\", generation AS \"generation\", "
                + "state AS \"state\", updated_at AS \"updatedAt\" FROM desktop_sessions WHERE tenant_id = 'default' ORDER BY user_id", null, 10_000);
    }

    /** The newest audit rows first, optionally of one user. */
    static List<Map<String, Object>> audit(Database db, String user, int limit) throws SQLException {
        return rows(db, "SELECT id AS \"id\", at AS \"at\", kind AS \"kind\", user_id AS \"userId\", endpoint_id AS \"endpointId\", "
                + "detail AS \"detail\", actor AS \"actor\" FROM audit WHERE tenant_id = 'default'" + (user != null ? " AND user_id = ?" : "")
                + " ORDER BY id DESC", user, limit);
    }

    /** Rows as JSON objects named by the column labels (quoted: H2 would upper-case them); times as ISO-8601 instants. */
    private static List<Map<String, Object>> rows(Database db, String sql, String arg, int limit) throws SQLException {
        return Tx.run(db, c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                if (arg != null) ps.setString(1, arg);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof Timestamp t) v = t.toInstant().toString();
                            else if (v instanceof java.time.LocalDateTime t) v = Timestamp.valueOf(t).toInstant().toString();
                            row.put(md.getColumnLabel(i), v);
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        });
    }
}
