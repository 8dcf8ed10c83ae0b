package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.rounds.broker.store.Database;

/** Practices apart on H2, which has no row-level security: the code's filters alone hold. */
@Tag("unit")
class PracticeTapsH2Test extends PracticeTapsContract {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }
}
