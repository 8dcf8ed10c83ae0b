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

    /**
     * A database named by URL, as an administrator writes it: {@code postgresql://user:password@host:port/db}
     * (user and password optional; the password may also come from {@code PGPASSWORD}), or any
     * {@code jdbc:} URL. One line naming what is wrong otherwise.
     */
    public static Database fromUrl(String url) {
        if (url.startsWith("jdbc:")) return jdbc(url, System.getenv().getOrDefault("PGUSER", ""),
                System.getenv().getOrDefault("PGPASSWORD", ""));
        java.net.URI u;
        try {
            u = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("database URL '" + url + "' is not a URL: " + e.getReason());
        }
        if (!"postgresql".equals(u.getScheme()) && !"postgres".equals(u.getScheme())) {
            throw new IllegalArgumentException("database URL '" + url + "' must be postgresql://user@host:port/db or jdbc:...");
        }
        if (u.getHost() == null || u.getPath() == null || u.getPath().length() < 2) {
            throw new IllegalArgumentException("database URL '" + url + "' names no host or database");
        }
        String user = "", password = System.getenv().getOrDefault("PGPASSWORD", "");
        if (u.getUserInfo() != null) {
            String[] up = u.getUserInfo().split(":", 2);
            user = up[0];
            if (up.length == 2) password = up[1];
        }
        String jdbcUrl = "jdbc:postgresql://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + u.getPath()
                + (u.getQuery() == null ? "" : "?" + u.getQuery());
        return jdbc(jdbcUrl, user, password);
    }

    public DataSource dataSource() { return pool; }

    public Connection connection() throws SQLException { return pool.getConnection(); }

    /** Whether this is a PostgreSQL database (which several brokers may share), not H2. */
    public boolean isPostgres() { return pool.getJdbcUrl().startsWith("jdbc:postgresql:"); }

    /**
     * A connection outside the pool, for a caller that keeps it for long (a LISTEN that must
     * not hold one of the pool's few connections for ever). The caller closes it.
     */
    public Connection openDedicated() throws SQLException {
        return java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
    }

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
