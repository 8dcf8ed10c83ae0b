package org.rounds.broker.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;

/** A live session as the sessions page shows it: who, on which endpoint, on which desktop host, in which state, since when. */
record SessionRow(String userId, String displayName, String endpointId, String host, String state, String since) {
    private static final int MAX_ROWS = 2_000;

    /** Every session an endpoint of practice {@code tenant} holds now, the newest first. */
    static List<SessionRow> live(Database db, Tenant tenant) throws SQLException {
        return Tx.run(db, tenant, c -> live(c, tenant));
    }

    private static List<SessionRow> live(Connection c, Tenant tenant) throws SQLException {
        List<SessionRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT d.user_id, u.display_name, d.owner_endpoint, d.desktop_host, d.state, "
                + "d.updated_at FROM desktop_sessions d JOIN users u ON u.tenant_id = d.tenant_id AND u.id = d.user_id "
                + "WHERE d.tenant_id = ? AND d.owner_endpoint IS NOT NULL "
                + "ORDER BY d.updated_at DESC, d.user_id")) {
            ps.setString(1, tenant.name());
            ps.setMaxRows(MAX_ROWS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SessionRow(rs.getString(1), rs.getString(2), rs.getString(3), orEmpty(rs.getString(4)),
                            rs.getString(5), Times.show(rs.getTimestamp(6))));
                }
            }
        }
        return rows;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
