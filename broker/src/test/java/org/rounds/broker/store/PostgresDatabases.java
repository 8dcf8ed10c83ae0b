package org.rounds.broker.store;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rounds.testpeers.PostgresServer;

/**
 * For the PostgreSQL runs of the store contracts: one real server per test class (skipped
 * cleanly without one, as {@link PostgresServer#start} is), a new empty database per {@link #open}.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresDatabases postgres = new PostgresDatabases("hosts_test_");
 * @Override Database openDatabase() { return postgres.open(); }
 * }</pre>
 */
public final class PostgresDatabases implements BeforeAllCallback, AfterAllCallback {
    private final String prefix;
    private final AtomicInteger databases = new AtomicInteger();
    private PostgresServer server;

    /** {@code prefix}: the start of each database's name, then a number. */
    public PostgresDatabases(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
    }

    /** Where to reach a database: a JDBC URL and its credentials. */
    public record Place(String jdbcUrl, String user, String password) {}

    /** A new database on the class's server, left empty (not migrated): for migration tests. */
    public Place createEmpty() {
        String name = prefix + databases.incrementAndGet();
        server.createDatabase(name);
        return new Place(server.jdbcUrl(name), server.user(), server.password());
    }

    /**
     * A new empty database migrated and used by a role that owns its tables but is neither a
     * superuser nor BYPASSRLS, as a broker's should be: row-level security (V16, FORCE) holds it.
     */
    public Database openAsOwner() {
        String name = prefix + databases.incrementAndGet();
        server.createOwnedDatabase(name);
        return Database.jdbc(server.jdbcUrl(name), PostgresServer.OWNER, "");
    }

    /** A new empty database on the class's server. */
    public Database open() {
        String name = prefix + databases.incrementAndGet();
        server.createDatabase(name);
        return Database.jdbc(server.jdbcUrl(name), server.user(), server.password());
    }
}
