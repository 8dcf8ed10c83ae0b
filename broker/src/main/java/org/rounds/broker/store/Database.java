package org.rounds.broker.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The broker's connection pool, migrated to the current schema when opened. */
public final class Database implements AutoCloseable {
    /** Connections in the pool (see the constructor for why so many). */
    public static final int POOL_SIZE = 24;
    private final HikariDataSource pool;
    private final boolean h2Memory;

    private Database(String jdbcUrl, String user, String password) {
        h2Memory = jdbcUrl.startsWith("jdbc:h2:mem:");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl.startsWith("jdbc:postgresql:") ? PostgresUrls.withFailoverDefaults(jdbcUrl) : jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        // A tap holds its connection while the desktop host admits the viewer (up to seconds for a
        // new Xvnc session): a burst of first taps must not take every connection and starve the
        // hosts' heartbeats, which also need one (rounds bench hosts found 8 too few for 10 carts).
        c.setMaximumPoolSize(POOL_SIZE);
        c.setMinimumIdle(2);
        c.setPoolName("rounds-broker-db");
        c.setConnectionTimeout(3000);
        c.setValidationTimeout(1000);
        // A connection idle behind a dead primary is found out before a tap borrows it, not by the tap.
        c.setKeepaliveTime(30_000);
        // Every transaction reads committed. Set once per connection here, not per transaction: on
        // PostgreSQL each setTransactionIsolation is a statement of its own (five a tap).
        c.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // A connection borrowed outside Tx (a few reads do) is the default tenant's under row-level
        // security (V16), as every store was before practices; Tx sets each transaction's own.
        if (jdbcUrl.startsWith("jdbc:postgresql:")) c.setConnectionInitSql("SELECT set_config('rounds.tenant', 'default', false)");
        pool = new HikariDataSource(c);
        try {
            migration.accept(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * How a new pool's database is brought to the current schema: {@link #migrate}. Only test code
     * in this package replaces it (H2Templates, in the broker's and cli's test JVMs); production never does.
     */
    static volatile Consumer<DataSource> migration = Database::migrate;

    /** Flyway: every migration in {@code db/migration} not yet applied, after validating those that were. */
    static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    /** A private in-memory H2 database, gone when closed. */
    public static Database inMemory() {
        return new Database("jdbc:h2:mem:rounds-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** H2's user for a store this code made; a store the old code made had "sa" (renamed on its first open here). */
    static final String H2_USER = "rounds";

    /**
     * The H2 file database in {@code dir}, embedded: no {@code AUTO_SERVER}, so no TCP listener,
     * and so only one process at a time ({@link StoreLock}). Its password is the first of
     * {@code passwords} (derived from the broker's current key); a store still on an earlier one
     * (a rotation cut short) or on the old code's {@code sa} with no password is moved onto it.
     */
    public static Database h2File(Path dir, java.util.List<String> passwords) {
        String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("broker");
        String current = passwords.get(0);
        if (opens(dir, url, H2_USER, current)) return new Database(url, H2_USER, current);
        for (String earlier : passwords.subList(1, passwords.size())) {
            if (opens(dir, url, H2_USER, earlier)) {
                run(dir, url, H2_USER, earlier, "ALTER USER " + H2_USER + " SET PASSWORD '" + current + "'");
                return new Database(url, H2_USER, current);
            }
        }
        if (opens(dir, url, "sa", "")) {
            run(dir, url, "sa", "", "ALTER USER sa RENAME TO " + H2_USER, "ALTER USER " + H2_USER + " SET PASSWORD '" + current + "'");
            return new Database(url, H2_USER, current);
        }
        throw new IllegalStateException("the store in " + dir + " does not open with this broker key file; give the key file it was made with");
    }

    /** Whether the H2 store in {@code dir} is one the old code made: user "sa", no password. */
    public static boolean h2IsTheOldCodes(Path dir) {
        return opens(dir, "jdbc:h2:file:" + dir.toAbsolutePath().resolve("broker") + ";IFEXISTS=TRUE", "sa", "");
    }

    /** Whether H2 lets this user in (false for a wrong user or password, H2's error 28000). */
    private static boolean opens(Path dir, String url, String user, String password) {
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == 28000) return false;
            throw new IllegalStateException("the store in " + dir + " cannot be opened (" + e.getMessage().lines().findFirst().orElse("")
                    + "); check the directory's files and free space", e);
        }
    }

    private static void run(Path dir, String url, String user, String password, String... sql) {
        try (Connection c = java.sql.DriverManager.getConnection(url, user, password); var st = c.createStatement()) {
            for (String s : sql) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException("the store in " + dir + " cannot take its new password (" + e.getMessage().lines().findFirst().orElse("")
                    + "); start again with the same key file", e);
        }
    }

    /** Sets an H2 store's password (after a key rotation); the caller holds its {@link StoreLock}. */
    public void setH2Password(String password) throws SQLException {
        try (Connection c = pool.getConnection(); var st = c.createStatement()) {
            st.execute("ALTER USER " + H2_USER + " SET PASSWORD '" + password + "'");
        }
    }

    /**
     * Whether {@code e} (or a cause) says the connection to the database was lost, or reached a
     * server that takes no writes (a standby not yet promoted, SQLState 25006): the work did not
     * happen there, and may be tried again on a fresh connection, which the pool makes to the
     * primary of the moment.
     */
    public static boolean isConnectionLost(Throwable e) {
        // By SQLState only: the pool's own "no connection within the timeout" is load, not a failover,
        // and retrying it (or retiring the pool's connections for it) would only add load.
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException && t.getMessage() != null
                    && t.getMessage().contains("Connection is not available")) return false;
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("25006") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) return true;
            }
        }
        return false;
    }

    /** Any JDBC URL (PostgreSQL: {@code jdbc:postgresql://host:port/db}, or several hosts: {@code //a:5432,b:5432/db?targetServerType=primary}). */
    public static Database jdbc(String url, String user, String password) {
        return new Database(url, user, password);
    }

    /** {@code url} without its user and password, for messages and logs: never a password there. */
    public static String redacted(String url) {
        return url.replaceAll("//[^@/]*@", "//");
    }

    /**
     * A database named by URL, as an administrator writes it: {@code postgresql://user:password@host:port/db}
     * (user and password optional; the password may also come from {@code PGPASSWORD}), or any
     * {@code jdbc:} URL. One line naming what is wrong otherwise.
     */
    public static Database fromUrl(String url) {
        if (url.startsWith("jdbc:")) return jdbc(url, System.getenv().getOrDefault("PGUSER", ""),
                System.getenv().getOrDefault("PGPASSWORD", ""));
        if (PostgresUrls.isMultiHost(url)) {
            PostgresUrls.Parsed p = PostgresUrls.parse(url);
            return jdbc(p.jdbcUrl(), p.user(), p.password().orElse(System.getenv().getOrDefault("PGPASSWORD", "")));
        }
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

    /**
     * As {@link #openDedicated()}, for brokers' messages and leases, whose commits do not wait
     * for a synchronous standby ({@code synchronous_commit = local}; they still replicate): they
     * are many, small and short-lived, and waiting for the standby on each (as taps must)
     * serialised them behind one another (rounds bench dbfailover: taps timed out at 50/s).
     */
    public Connection openDedicatedUnsynchronised() throws SQLException {
        Connection c = openDedicated();
        try (var st = c.createStatement()) {
            st.execute("SET synchronous_commit = local");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Retires every pooled connection (idle ones now, borrowed ones when returned): after a
     * lost connection, the others reach the same dead primary, and the pool would hand them out
     * unchecked (it checks only connections idle for over 500 ms).
     */
    public void retireConnections() {
        long now = System.nanoTime();
        long last = lastRetired.get();
        // once per failover, not once per failed tap: a storm of retirements would also retire the new primary's connections
        if (now - last < java.util.concurrent.TimeUnit.SECONDS.toNanos(2) || !lastRetired.compareAndSet(last, now)) return;
        var bean = pool.getHikariPoolMXBean();
        if (bean != null) bean.softEvictConnections();
    }

    private final java.util.concurrent.atomic.AtomicLong lastRetired = new java.util.concurrent.atomic.AtomicLong(System.nanoTime()
            - java.util.concurrent.TimeUnit.SECONDS.toNanos(10));

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
