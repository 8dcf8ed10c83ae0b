package org.rounds.broker.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;

/** A user as the users page lists them: badges enrolled (how many, never which), PIN set, outside access, sources locked out now. */
record UserRow(String id, String displayName, int badges, boolean pin, boolean outside, int lockedSources) {
    private static final int MAX_ROWS = 5_000;

    static List<UserRow> all(Database db, Tenant tenant, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> query(c, tenant, null, now));
    }

    static Optional<UserRow> one(Database db, Tenant tenant, String id, Instant now) throws SQLException {
        return Tx.run(db, tenant, c -> query(c, tenant, id, now).stream().findFirst());
    }

    private static List<UserRow> query(Connection c, Tenant tenant, String id, Instant now) throws SQLException {
        List<UserRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT u.id, u.display_name, "
                + "(SELECT COUNT(*) FROM badges b WHERE b.tenant_id = u.tenant_id AND b.user_id = u.id), u.pin_hash IS NOT NULL, u.outside_allowed, "
                + "(SELECT COUNT(*) FROM auth_failures f WHERE f.tenant_id = u.tenant_id AND f.user_id = u.id AND f.locked_until > ?) FROM users u "
                + "WHERE u.tenant_id = ? " + (id == null ? "" : "AND u.id = ? ") + "ORDER BY u.id")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, tenant.name());
            if (id != null) ps.setString(3, id);
            ps.setMaxRows(MAX_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new UserRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getBoolean(4), rs.getBoolean(5), rs.getInt(6)));
                }
            }
        }
        return rows;
    }

    /** Practice {@code tenant}'s registered endpoints' ids, for the pickers. */
    static List<String> endpoints(Database db, Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM endpoints WHERE tenant_id = ? AND kind <> 'remote' ORDER BY id")) {
                ps.setString(1, tenant.name());
                ps.setMaxRows(MAX_ROWS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }
}
