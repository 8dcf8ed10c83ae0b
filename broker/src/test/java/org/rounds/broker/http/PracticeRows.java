package org.rounds.broker.http;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.TreeSet;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tx;

/**
 * A practice's rows in every tenant-owned table, one line each in a sorted text: compared before
 * and after another practice's calls, it shows they changed nothing of this one's.
 */
public final class PracticeRows {
    private PracticeRows() {}

    public static String of(Database store, Tenant t) throws SQLException {
        return Tx.asService(store, "test: a practice's rows", c -> {
            TreeSet<String> rows = new TreeSet<>();
            for (String table : db.migration.V16__Tenants.tenantTables()) {
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + table + " WHERE tenant_id = ?")) {
                    ps.setString(1, t.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            StringBuilder row = new StringBuilder(table);
                            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) row.append('|').append(rs.getString(i));
                            rows.add(row.toString());
                        }
                    }
                }
            }
            return String.join("\n", rows);
        });
    }
}
