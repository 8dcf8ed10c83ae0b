package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's first session row made by two brokers at once, on a real PostgreSQL: the second
 * transaction's insert waits for the first's, and once that commits it locks the row the first
 * made. It failed with a duplicate key (a 500 to the endpoint, its broker's breaker opened)
 * when two endpoints tapped a new user's badge on two brokers together.
 */
@Tag("peer")
class SessionsFirstRowPostgresTest {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases("sessions_first_row_");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theSecondOfTwoFirstTapsWaitsForTheFirstsRowInsteadOfFailing() throws Exception {
        Instant now = Instant.parse("2026-12-07T08:00:00Z");
        try (Database db = postgres.open()) {
            Tx.run(db, c -> {
                try (var ps = c.prepareStatement("INSERT INTO users (id, display_name, created_at) VALUES ('nurse', 'Nurse Amina Diallo', ?)")) {
                    ps.setTimestamp(1, java.sql.Timestamp.from(now));
                    return ps.executeUpdate();
                }
            });
            CountDownLatch firstInserted = new CountDownLatch(1);
            CountDownLatch secondWaiting = new CountDownLatch(1);
            CompletableFuture<Sessions.Row> first = CompletableFuture.supplyAsync(() -> tx(db, c -> {
                Sessions.Row row = Sessions.lock(c, "nurse", now);
                firstInserted.countDown();
                awaitUninterruptibly(secondWaiting);
                Sessions.advance(c, "nurse", row.generation(), row.generation() + 1, "cart-1", "connected", now);
                return row;
            }));
            assertThat(firstInserted.await(30, TimeUnit.SECONDS)).as("the first transaction made the row: %s", first).isTrue();
            CompletableFuture<Sessions.Row> second = CompletableFuture.supplyAsync(() -> tx(db, c -> Sessions.lock(c, "nurse", now)));
            awaitABackendWaitingOnALock(db);
            secondWaiting.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS).generation()).isZero();
            Sessions.Row seen = second.get(30, TimeUnit.SECONDS);
            assertThat(seen.generation()).as("the row the first transaction made and moved on").isEqualTo(1);
            assertThat(seen.owner()).contains("cart-1");
            try (var c = db.connection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM desktop_sessions WHERE user_id = 'nurse'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> T tx(Database db, Tx.Work<T> work) {
        try {
            return Tx.run(db, work);
        } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    /** Until the second transaction's insert waits on the first's row, so the race is the one a second broker meets. */
    private static void awaitABackendWaitingOnALock(Database db) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (var c = db.connection(); Statement st = c.createStatement()) {
            while (System.nanoTime() < end) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) return;
                }
                Thread.sleep(10);
            }
        }
        throw new AssertionError("the second transaction never waited on the first's row");
    }
}
