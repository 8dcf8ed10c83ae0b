package org.rounds.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Tenant;
import org.rounds.testpeers.PostgresServer;

/**
 * A push relayed through another broker names the endpoint's practice (issue 23): the broker
 * holding the channels pushes to that practice's endpoint of the id, never to another
 * practice's endpoint of the same id.
 */
@Tag("peer")
class ClusterPracticePushTest {
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
        pg.createDatabase("practicepush");
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    /** A holder whose channels are those of {@code held} ("PRACTICE/ID"); it records each push it is asked for. */
    private static ClusterBus.Local holding(List<String> held, List<String> pushed) {
        return new ClusterBus.Local() {
            @Override public boolean push(String endpointId, PushEvent event, Duration wait) {
                return push(Tenant.DEFAULT, endpointId, event, wait);
            }

            @Override public boolean push(Tenant tenant, String endpointId, PushEvent event, Duration wait) {
                pushed.add(tenant + "/" + endpointId);
                return held.contains(tenant + "/" + endpointId);
            }

            @Override public boolean closeViewers(String userId, boolean logoff) { return true; }
        };
    }

    @Test
    void aPushThroughAnotherBrokerReachesTheNamedPracticesEndpointOnly() throws Exception {
        List<String> pushed = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        PushEvent moved = new PushEvent.SessionMoved("e-1", "nurse", "cart-2", 2);
        try (Database a = Database.jdbc(pg.jdbcUrl("practicepush"), pg.user(), pg.password());
             Database b = Database.jdbc(pg.jdbcUrl("practicepush"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, holding(List.of(), pushed));
             ClusterBus holder = new ClusterBus(b, json, holding(List.of("practice-b/cart-1", "default/cart-1"), pushed))) {
            assertThat(asker.push(holder.brokerId(), new Tenant("practice-a"), "cart-1", moved, Duration.ofSeconds(5)))
                    .as("practice A's cart-1 is not held there, though B's and the default practice's cart-1 are").isFalse();
            assertThat(asker.push(holder.brokerId(), new Tenant("practice-b"), "cart-1", moved, Duration.ofSeconds(5))).isTrue();
            assertThat(asker.push(holder.brokerId(), "cart-1", moved, Duration.ofSeconds(5))).as("without a practice: the default's").isTrue();
            assertThat(pushed).containsExactly("practice-a/cart-1", "practice-b/cart-1", "default/cart-1");
        }
    }
}
