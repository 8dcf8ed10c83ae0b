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
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;

/** The read-only views of the admin API (any role): endpoints, desktop sessions and the audit trail, each of one practice. */
final class AdminReads {
    private AdminReads() {}

    static List<Map<String, Object>> endpoints(Database db, Tenant tenant) throws SQLException {
        return rows(db, tenant, "SELECT id AS \"id\", kind AS \"kind\", location AS \"location\", last_seen AS \"lastSeen\" "
                + "FROM endpoints WHERE tenant_id = ? ORDER BY id", null, 10_000);
    }

    /** Every user's desktop session: who owns it where, at which generation, in which state. */
    static List<Map<String, Object>> desktopSessions(Database db, Tenant tenant) throws SQLException {
        return rows(db, tenant, "SELECT user_id AS \"userId\", owner_endpoint AS \"endpointId\", generation AS \"generation\", "
                + "state AS \"state\", updated_at AS \"updatedAt\" FROM desktop_sessions WHERE tenant_id = ? ORDER BY user_id", null, 10_000);
    }

    /** The newest audit rows first, optionally of one user. */
    static List<Map<String, Object>> audit(Database db, Tenant tenant, String user, int limit) throws SQLException {
        return rows(db, tenant, "SELECT id AS \"id\", at AS \"at\", kind AS \"kind\", user_id AS \"userId\", endpoint_id AS \"endpointId\", "
                + "detail AS \"detail\", actor AS \"actor\" FROM audit WHERE tenant_id = ?" + (user != null ? " AND user_id = ?" : "")
                + " ORDER BY id DESC", user, limit);
    }

    /**
     * Rows as JSON objects named by the column labels (quoted: H2 would upper-case them); times as
     * ISO-8601 instants. The first parameter is the practice, {@code arg} (when given) the second.
     */
    private static List<Map<String, Object>> rows(Database db, Tenant tenant, String sql, String arg, int limit) throws SQLException {
        return Tx.run(db, tenant, c -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tenant.name());
                if (arg != null) ps.setString(2, arg);
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
