package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy {@link H2Templates} gives a new store is what Flyway makes: the same schema (tables,
 * columns, keys, constraints, indexes, sequences, as H2's SCRIPT writes them) and the same rows
 * (the Flyway history included), timestamps aside; and a store that already has tables still
 * goes through Flyway.
 */
@Tag("unit")
class H2TemplatesTest {
    @TempDir Path dir;

    @Test
    void aNewInMemoryStoreIsWhatFlywayMakes() throws Exception {
        String fresh = "jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Database.migrate(dataSource(fresh, "sa", ""));
        try (HikariDataSource copy = pool("jdbc:h2:mem:copy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
            H2Templates.migrate(copy);
            assertSame(dataSource(fresh, "sa", ""), copy);
        }
        try (Database db = Database.inMemory()) {
            assertSame(dataSource(fresh, "sa", ""), db.dataSource());
        }
    }

    @Test
    void aNewFileStoreIsWhatFlywayMakesUnderItsOwnUser() throws Exception {
        String fresh = "jdbc:h2:file:" + dir.resolve("fresh/broker");
        Database.migrate(dataSource(fresh, Database.H2_USER, "fresh-password"));
        try (HikariDataSource copy = pool("jdbc:h2:file:" + dir.resolve("copy/broker"), Database.H2_USER, "copy-password")) {
            H2Templates.migrate(copy);
            assertSame(dataSource(fresh, Database.H2_USER, "fresh-password"), copy);   // CACHED tables, as in a file
        }
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("copy/broker"), Database.H2_USER, "copy-password")) {
            assertThat(c.isValid(1)).as("the copy keeps its own user and password").isTrue();
        }
    }

    @Test
    void aStoreWithTablesAlreadyGoesThroughFlyway() throws Exception {
        String fresh = "jdbc:h2:mem:fresh-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Database.migrate(dataSource(fresh, "sa", ""));
        String older = "jdbc:h2:mem:older-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(dataSource(older, "sa", "")).locations("classpath:db/migration").target("15").load().migrate();
        try (HikariDataSource pool = pool(older, "sa", "")) {
            H2Templates.migrate(pool);
            assertSame(dataSource(fresh, "sa", ""), pool);
        }
    }

    /** The same SCRIPT (schema and rows), timestamps and Flyway's execution times aside, and the same history. */
    private static void assertSame(javax.sql.DataSource flyway, javax.sql.DataSource other) throws SQLException {
        assertThat(masked(other)).isEqualTo(masked(flyway));
        assertThat(history(other)).isEqualTo(history(flyway)).hasSizeGreaterThan(19);
    }

    private static List<String> masked(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            return H2Templates.script(st).stream()
                    .map(s -> s.replaceAll("TIMESTAMP '[^']*', \\d+, (TRUE|FALSE)\\)", "TIMESTAMP 'at', ms, $1)")
                            .replaceAll("TIMESTAMP '[^']*'", "TIMESTAMP 'at'"))
                    .toList();
        }
    }

    /** The history with who installed each migration: the template is made under the store's own user. */
    private static List<String> history(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return H2Templates.history(c, true);
        }
    }

    private static JdbcDataSource dataSource(String url, String user, String password) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password);
        return ds;
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(2);
        return new HikariDataSource(c);
    }
}
