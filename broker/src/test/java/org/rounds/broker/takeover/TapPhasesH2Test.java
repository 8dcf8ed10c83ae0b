package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.store.Database;

@Tag("unit")
class TapPhasesH2Test extends TapPhasesContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
