package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PostgresDatabases;

/** The same cases on a real PostgreSQL (one server per class, one database per test). */
@Tag("peer")
class TapServicePostgresTest extends TapServiceContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("broker_test_");

    @Override
    Database openDatabase() {
        return postgres.open();
    }
}
