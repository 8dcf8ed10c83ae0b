package org.rounds.broker.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Test JVMs only ({@link H2TemplatesInTests} puts it in as {@link Database#migration}): a new,
 * empty H2 store gets H2's {@code SCRIPT} of a store Flyway migrated once in this JVM, instead of
 * Flyway's migrations again. Profiling the broker's unit tests put 40 % of their CPU in Flyway
 * migrating fresh stores (about 100 ms each with C1 only, the V16 Java migration's ALTERs a quarter
 * of it); replaying the script takes about 5 ms. The scripts are also kept between test JVMs
 * ({@link H2TemplateCache}).
 *
 * <p>One template per kind of store and user, made the way the product makes that store: in memory
 * ({@code MEMORY} tables) or in a file ({@code CACHED} tables), and under the user Flyway records as
 * {@code installed_by}. Only the timestamps differ from a fresh migration (Flyway's
 * {@code installed_on}, the default tenant's {@code created_at}: when the template was made, in this
 * run or an earlier one; no test reads them); {@code H2TemplatesTest} compares the rest, schema and
 * rows. Every other store goes through Flyway as in production: PostgreSQL, and any H2 store with a
 * table in it (one a test made with the old code or an older schema), but for a store opened again
 * whose Flyway history is already the template's, which Flyway would only validate (30 ms) and
 * leave as it is.
 */
final class H2Templates {
    /** The template's statements by kind of store and user, without its CREATE USER and comments. */
    private static final Map<String, List<String>> SCRIPTS = new ConcurrentHashMap<>();
    /** The Flyway history a template has (who installed it, when and how fast aside); null before the first. */
    private static volatile List<String> current;

    private H2Templates() {}

    static void migrate(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource pool) || !pool.getJdbcUrl().startsWith("jdbc:h2:")) {
            Database.migrate(dataSource);
            return;
        }
        try (Connection c = pool.getConnection()) {
            if (empty(c)) {
                boolean file = !pool.getJdbcUrl().startsWith("jdbc:h2:mem:");
                String user = c.getMetaData().getUserName();
                List<String> script = SCRIPTS.computeIfAbsent((file ? "file " : "mem ") + user,
                        k -> H2TemplateCache.get(k, () -> template(file, user)));
                try (Statement st = c.createStatement()) {
                    for (String s : script) st.execute(s);
                }
                if (current == null) current = history(c);
                return;
            }
            if (current != null && current.equals(history(c))) return;   // what Flyway would only validate, and leave as it is
        } catch (SQLException e) {
            throw new IllegalStateException("copying the H2 template: " + e.getMessage(), e);
        }
        Database.migrate(dataSource);   // with the connection above given back: Flyway takes two
    }

    /** Whether the store has no table of its own yet (a store H2 has just made). */
    private static boolean empty(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            rs.next();
            return rs.getInt(1) == 0;
        }
    }

    /** A store of that kind migrated by Flyway, as H2's SCRIPT writes it. */
    static List<String> template(boolean file, String user) {
        Path dir = null;
        try {
            dir = file ? Files.createTempDirectory("rounds-h2-template") : null;
            String url = file ? "jdbc:h2:file:" + dir.resolve("broker") : "jdbc:h2:mem:rounds-template-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(url);
            ds.setUser(user);
            ds.setPassword("");
            Database.migrate(ds);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                List<String> script = script(st);
                if (!file) st.execute("SHUTDOWN");
                return script;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("making the H2 template: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (dir != null) delete(dir);
        }
    }

    /** The store's Flyway history but who applied each migration, when and how fast; empty without one. */
    static List<String> history(Connection c) throws SQLException {
        return history(c, false);
    }

    /** As {@link #history(Connection)}, with who applied each migration ({@code installed_by}) too when {@code withInstaller}. */
    static List<String> history(Connection c, boolean withInstaller) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet t = c.getMetaData().getTables(null, "PUBLIC", "flyway_schema_history", null)) {
            if (!t.next()) return rows;
        }
        String columns = "\"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\", "
                + (withInstaller ? "\"installed_by\", " : "") + "\"success\"";
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + columns + " FROM \"flyway_schema_history\" ORDER BY \"installed_rank\"")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) row.append(rs.getString(i)).append('|');
                rows.add(row.toString());
            }
        }
        return List.copyOf(rows);
    }

    /** The store's SCRIPT without its users (the copy keeps its own, with its password) or comments. */
    static List<String> script(Statement st) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SCRIPT")) {
            while (rs.next()) {
                String s = rs.getString(1);
                if (!s.startsWith("CREATE USER ") && !s.startsWith("--")) statements.add(s);
            }
        }
        return List.copyOf(statements);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
