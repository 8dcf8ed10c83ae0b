package org.rounds.broker.takeover;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.PostgresDatabases;

/**
 * Practices apart on PostgreSQL as a broker runs there: as the tables' owner, so row-level
 * security holds every statement, and each statement's practice filter must agree with it (a
 * write naming another practice than its transaction's is refused).
 */
@Tag("peer")
class PracticeTapsAsOwnerPostgresTest extends PracticeTapsContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("practice_taps_");

    @Override
    Database openDatabase() {
        return postgres.openAsOwner();
    }
}
