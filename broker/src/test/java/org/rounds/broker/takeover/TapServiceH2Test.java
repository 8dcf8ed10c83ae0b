package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.store.Database;

@Tag("unit")
class TapServiceH2Test extends TapServiceContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
