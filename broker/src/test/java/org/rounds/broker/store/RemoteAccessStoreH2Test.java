package org.rounds.broker.store;

import org.junit.jupiter.api.Tag;

@Tag("unit")
class RemoteAccessStoreH2Test extends RemoteAccessStoreContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
