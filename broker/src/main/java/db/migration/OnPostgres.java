package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Whether a migration runs on PostgreSQL, where some of it has no H2 counterpart (row-level security, fill factors). */
final class OnPostgres {
    private OnPostgres() {}

    static boolean is(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }
}
