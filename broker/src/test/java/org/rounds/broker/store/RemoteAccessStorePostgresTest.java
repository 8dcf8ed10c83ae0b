package org.rounds.broker.store;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.rounds.testpeers.PostgresServer;

/** The same cases on a real PostgreSQL (one server per class, one database per test). */
@Tag("peer")
class RemoteAccessStorePostgresTest extends RemoteAccessStoreContract {
    private static PostgresServer server;
    private static final AtomicInteger databases = new AtomicInteger();

    @BeforeAll
    static void startPostgres() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (server != null) server.close();
    }

    @Override
    Database openDatabase() {
        String name = "remote_test_" + databases.incrementAndGet();
        server.createDatabase(name);
        return Database.jdbc(server.jdbcUrl(name), server.user(), server.password());
    }
}
