package org.rounds.broker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The broker's connection pool, migrated to the current schema when opened. */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final boolean h2Memory;

    private Database(String jdbcUrl, String user, String password) {
        h2Memory = jdbcUrl.startsWith("jdbc:h2:mem:");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setMaximumPoolSize(8);
        c.setPoolName("rounds-broker-db");
        c.setConnectionTimeout(3000);
        c.setValidationTimeout(1000);
        pool = new HikariDataSource(c);
        try {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** A private in-memory H2 database, gone when closed. */
    public static Database inMemory() {
        return new Database("jdbc:h2:mem:rounds-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** An H2 file database in {@code dir}. */
    public static Database h2File(Path dir) {
        // AUTO_SERVER: tools (rounds broker enroll, users) open the file while a broker runs on it.
        return new Database("jdbc:h2:file:" + dir.toAbsolutePath().resolve("broker") + ";AUTO_SERVER=TRUE",
                "sa", "");
    }

    /** Any JDBC URL (PostgreSQL: {@code jdbc:postgresql://host:port/db}). */
    public static Database jdbc(String url, String user, String password) {
        return new Database(url, user, password);
    }

    public DataSource dataSource() { return pool; }

    public Connection connection() throws SQLException { return pool.getConnection(); }

    /** True when the database answers within a second. */
    public boolean answers() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(1);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (h2Memory) {
            try (Connection c = pool.getConnection(); var st = c.createStatement()) {
                st.execute("SHUTDOWN"); // DB_CLOSE_DELAY=-1 would otherwise keep it for the JVM's life
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
        pool.close();
    }
}
