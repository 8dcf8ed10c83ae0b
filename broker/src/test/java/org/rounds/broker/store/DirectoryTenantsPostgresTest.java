package org.rounds.broker.store;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On PostgreSQL as the tables' owner (not superuser): row-level security holds every statement too. */
@Tag("peer")
class DirectoryTenantsPostgresTest extends DirectoryTenantsContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("directory_tenants_");

    @Override
    Database openDatabase() {
        return postgres.openAsOwner();
    }
}
