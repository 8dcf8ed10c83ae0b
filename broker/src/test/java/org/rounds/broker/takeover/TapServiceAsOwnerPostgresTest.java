package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PostgresDatabases;

/**
 * The tap contract on PostgreSQL as a broker should run there: as the tables' owner, neither
 * superuser nor BYPASSRLS, so row-level security (V16, FORCE) holds every query. Everything here
 * is the default tenant's, and must work exactly as before practices existed.
 */
@Tag("peer")
class TapServiceAsOwnerPostgresTest extends TapServiceContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("broker_owner_test_");

    @Override
    Database openDatabase() {
        return postgres.openAsOwner();
    }
}
