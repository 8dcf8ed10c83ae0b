package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rounds.broker.store.PostgresDatabases;
import org.rounds.broker.store.PostgresDatabases.Place;

/** The migration on a real PostgreSQL. */
@Tag("peer")
class TenantMigrationPostgresTest extends TenantMigrationContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("tenant_migration_");

    @Override
    Place emptyDatabase() {
        return postgres.createEmpty();
    }
}
