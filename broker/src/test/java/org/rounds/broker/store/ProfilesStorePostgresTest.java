package org.rounds.broker.store;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same cases on a real PostgreSQL (one server per class, one database per test). */
@Tag("peer")
class ProfilesStorePostgresTest extends ProfilesStoreContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("profiles_test_");

    @Override
    Database openDatabase() {
        return postgres.open();
    }
}
