package org.rounds.broker.takeover;

import org.rounds.broker.store.Database;

class TapServiceH2Test extends TapServiceContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
