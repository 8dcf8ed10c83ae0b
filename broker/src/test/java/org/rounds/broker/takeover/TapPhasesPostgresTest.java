package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PostgresDatabases;

/** The same cases on a real PostgreSQL, as the tables' owner (row-level security on). */
@Tag("peer")
class TapPhasesPostgresTest extends TapPhasesContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("broker_phases_test_");

    @Override
    Database openDatabase() {
        return postgres.openAsOwner();
    }
}
