package org.rounds.broker.store;

import org.junit.jupiter.api.Tag;

@Tag("unit")
class ProfilesStoreH2Test extends ProfilesStoreContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
