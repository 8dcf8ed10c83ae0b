package org.rounds.broker.store;

import org.junit.jupiter.api.Tag;

@Tag("unit")
class HostsH2Test extends HostsContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
