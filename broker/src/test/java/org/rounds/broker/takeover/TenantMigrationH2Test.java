package org.rounds.broker.takeover;

import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.rounds.broker.store.PostgresDatabases.Place;

@Tag("unit")
class TenantMigrationH2Test extends TenantMigrationContract {
    @Override
    Place emptyDatabase() {
        return new Place("jdbc:h2:mem:v14-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }
}
