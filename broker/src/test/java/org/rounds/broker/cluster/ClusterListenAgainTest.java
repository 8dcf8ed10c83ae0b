package org.rounds.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Database;
import org.rounds.testpeers.PostgresServer;

/**
 * An answer lost while the asker was not listening: the holder answers in a NOTIFY payload, and a
 * NOTIFY to a broker whose LISTEN connection just broke (as at every failover of the primary) is
 * gone. The asker, listening anew, asks again under the same id, and the holder answers from what
 * it answered, without closing the viewers a second time. Before, the asker waited out its
 * whole bound and the tap that needed the hand-over was denied (DatabaseFailoverTest, once).
 */
@Tag("peer")
class ClusterListenAgainTest {
    private static final Duration WORK = Duration.ofMillis(1000);

    @Test
    void anAnswerSentWhileTheAskerReconnectsIsAskedForAgainAndTheWorkIsDoneOnce() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        ClusterBus.Local slow = new ClusterBus.Local() {
            @Override public boolean push(String endpointId, PushEvent event, Duration wait) { return false; }

            @Override public boolean closeViewers(String userId, boolean logoff) {
                try {
                    Thread.sleep(WORK.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closed.add(userId);
                return true;
            }
        };
        ObjectMapper json = new ObjectMapper();
        try (PostgresServer pg = PostgresServer.start()) {
            pg.createDatabase("again");
            try (Database a = Database.jdbc(pg.jdbcUrl("again"), pg.user(), pg.password());
                 Database b = Database.jdbc(pg.jdbcUrl("again"), pg.user(), pg.password());
                 ClusterBus asker = new ClusterBus(a, json, new ClosingLocal(closed));
                 ClusterBus holder = new ClusterBus(b, json, slow);
                 Connection admin = a.openDedicated()) {
                long start = System.nanoTime();
                CompletableFuture<Boolean> asked = CompletableFuture.supplyAsync(
                        () -> asker.closeViewers(holder.brokerId(), "nurse", false, Duration.ofSeconds(5)));
                // the asker's LISTEN breaks just before the answer: it listens again 250 ms later, after it
                Thread.sleep(WORK.toMillis() - 150);
                try (PreparedStatement ps = admin.prepareStatement(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                    ps.setString(1, ClusterMail.applicationName(asker.brokerId()));
                    ps.execute();
                }

                assertThat(asked.get(10, TimeUnit.SECONDS)).as("the viewers closed, answered").isTrue();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(ms).as("answered ms after asking (the asker's bound: 5,000)").isLessThan(3_000);
                assertThat(closed).as("the work done once").containsExactly("nurse");
            }
        }
    }
}
