package org.rounds.broker.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.store.Database;
import org.rounds.testpeers.PostgresServer;

/** The retention job on PostgreSQL, where brokers sharing the store skip each other's locked audit rows. */
@Tag("peer")
class RetentionPostgresTest {
    @Test
    void oldRowsGoAndTheAuditRowsAreExportedFirst(@TempDir Path data) throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("retention");
            try (Database db = Database.jdbc(pg.jdbcUrl("retention"), pg.user(), pg.password())) {
                RetentionTest.fill(db);

                Retention.Purged purged = new Retention(db, 90, data, RetentionTest.CLOCK).run();

                assertThat(purged).isEqualTo(new Retention.Purged(3, 3, 1500, data.resolve("audit-2026-12-06.jsonl"), 3));
                assertThat(RetentionTest.count(db, "audit")).isEqualTo(2);
                assertThat(Files.readAllLines(purged.export())).hasSize(1500);
            }
        }
    }
}
