package org.rounds.broker.store;

import org.junit.jupiter.api.Tag;

@Tag("unit")
class DirectoryTenantsH2Test extends DirectoryTenantsContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
