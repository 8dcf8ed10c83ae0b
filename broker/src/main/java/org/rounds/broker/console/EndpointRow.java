package org.rounds.broker.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Profiles;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;

/**
 * An endpoint as the endpoints page shows it: added by an admin (enrolment status) and/or seen
 * registering, whether its push channel is open now and on which broker (online), when it was
 * last seen and last tapped, the software version and badge readers it last reported, and its
 * profile (the one assigned to it, else the profile named default when there is one).
 */
record EndpointRow(String id, String kind, String location, String status, boolean online, String broker, String lastSeen,
                   String lastTap, String version, String readers, String profile) {
    private static final int MAX_ROWS = 5_000;

    /** The default practice's endpoints, by id. */
    static List<EndpointRow> all(Database db) throws SQLException {
        return all(db, Tenant.DEFAULT);
    }

    /** Practice {@code tenant}'s endpoints, by id. */
    static List<EndpointRow> all(Database db, Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> all(c, tenant));
    }

    private static List<EndpointRow> all(Connection c, Tenant tenant) throws SQLException {
        TreeMap<String, String[]> byId = new TreeMap<>();   // id, kind, location, status, broker, lastSeen, lastTap, version, readers, profile
        String t = tenant.name();
        query(c, "SELECT endpoint_id, kind, location, status FROM enrolments WHERE tenant_id = ?", t, (rs, row) -> {
            row[1] = rs.getString(2);
            row[2] = rs.getString(3);
            row[3] = rs.getString(4);
        }, byId);
        query(c, "SELECT id, kind, location, last_seen, version, readers FROM endpoints WHERE tenant_id = ?", t, (rs, row) -> {
            if (row[1] == null) row[1] = rs.getString(2);
            if (row[2] == null || row[2].isEmpty()) row[2] = rs.getString(3);
            row[5] = Times.show(rs.getTimestamp(4));
            row[7] = rs.getString(5);
            row[8] = rs.getString(6);
        }, byId);
        query(c, "SELECT endpoint_id, broker_id FROM push_channels WHERE tenant_id = ?", t, (rs, row) -> row[4] = rs.getString(2), byId);
        query(c, "SELECT endpoint_id, MAX(decided_at) FROM taps WHERE tenant_id = ? GROUP BY endpoint_id", t,
                (rs, row) -> row[6] = Times.show(rs.getTimestamp(2)), byId);
        query(c, "SELECT endpoint_id, profile_name FROM profile_assignments WHERE tenant_id = ?", t, (rs, row) -> row[9] = rs.getString(2), byId);
        String fallback = hasDefaultProfile(c, tenant) ? Profiles.DEFAULT : "";
        List<EndpointRow> rows = new ArrayList<>();
        for (var e : byId.entrySet()) {
            String[] r = e.getValue();
            if (r[1] == null) continue;   // tapped or connected, but neither added nor registered: nothing to show
            rows.add(new EndpointRow(e.getKey(), r[1], orEmpty(r[2]), r[3] == null ? "registered" : r[3], r[4] != null,
                    orEmpty(r[4]), orEmpty(r[5]), orEmpty(r[6]), orEmpty(r[7]), orEmpty(r[8]), r[9] == null ? fallback : r[9]));
            if (rows.size() == MAX_ROWS) break;
        }
        return rows;
    }

    private interface RowReader {
        void read(ResultSet rs, String[] row) throws SQLException;
    }

    private static void query(Connection c, String sql, String tenant, RowReader reader, TreeMap<String, String[]> byId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) reader.read(rs, byId.computeIfAbsent(rs.getString(1), k -> new String[10]));
            }
        }
    }

    private static boolean hasDefaultProfile(Connection c, Tenant tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM profile_versions WHERE tenant_id = ? AND profile_name = ?")) {
            ps.setString(1, tenant.name());
            ps.setString(2, Profiles.DEFAULT);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
