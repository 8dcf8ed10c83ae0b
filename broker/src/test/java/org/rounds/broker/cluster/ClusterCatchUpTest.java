package org.rounds.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.store.Database;
import org.rounds.testpeers.PostgresServer;

/**
 * A broker that lost its LISTEN connection is not dead while it holds its lease: what another
 * broker asks meanwhile waits in the database and is done once it listens again; a broker that
 * stopped (its lease given up) is gone at once.
 */
@Tag("peer")
class ClusterCatchUpTest {
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
        pg.createDatabase("catchup");
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }


    @Test
    void aRequestSentWhileTheHolderListensAgainIsDoneOnceItListensAndItsAnswerComesBack() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Database a = Database.jdbc(pg.jdbcUrl("catchup"), pg.user(), pg.password());
             Database b = Database.jdbc(pg.jdbcUrl("catchup"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, new ClosingLocal(closed));
             ClusterBus holder = new ClusterBus(b, json, new ClosingLocal(closed));
             Connection admin = a.openDedicated(); Statement st = admin.createStatement()) {
            // the holder's LISTEN connection goes, as it does when the primary fails over
            st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'rounds-broker-"
                    + holder.brokerId() + "'");

            boolean done = asker.closeViewers(holder.brokerId(), "nurse", false, Duration.ofMillis(100));

            assertThat(done).isTrue();
            assertThat(closed).containsExactly("nurse");
            try (var rs = st.executeQuery("SELECT COUNT(*) FROM cluster_messages")) {
                rs.next();
                assertThat(rs.getInt(1)).as("messages read are deleted").isZero();
            }
        }
    }

    @Test
    void aBrokerThatStoppedIsGoneAtOnceAndNothingIsAskedOfIt() {
        List<String> closed = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Database a = Database.jdbc(pg.jdbcUrl("catchup"), pg.user(), pg.password());
             Database b = Database.jdbc(pg.jdbcUrl("catchup"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, new ClosingLocal(closed))) {
            ClusterBus holder = new ClusterBus(b, json, new ClosingLocal(closed));
            holder.close();
            long t0 = System.nanoTime();

            boolean done = asker.closeViewers(holder.brokerId(), "nurse", false, Duration.ofMillis(500));

            assertThat(done).isTrue();
            assertThat(closed).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void aBrokerThatNeverAnswersIsWaitedForUntilItsLeaseExpiresAndOnlyThenTakenForGone() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        String silent = "5a1e17000000beef";
        try (Database a = Database.jdbc(pg.jdbcUrl("catchup"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, new ClosingLocal(closed));
             Connection admin = a.openDedicated(); Statement st = admin.createStatement()) {
            // alive by its lease (2 s ahead), but listening nowhere: a broker cut off from the database
            st.execute("INSERT INTO broker_leases (broker_id, expires_at) VALUES ('" + silent + "', LOCALTIMESTAMP + INTERVAL '2 seconds')");
            long t0 = System.nanoTime();

            boolean done = asker.closeViewers(silent, "nurse", false, Duration.ofMillis(100));

            assertThat(done).as("gone once its lease expired").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("not before the lease expired").isGreaterThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void aBrokerWhosePortRefusesConnectionsIsGoneWithoutWaitingOutItsLease() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        String killed = "dead00000000beef";
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();   // closed again: nothing listens there, as after a SIGKILL
        }
        try (Database a = Database.jdbc(pg.jdbcUrl("catchup"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, new ClosingLocal(closed));
             Connection admin = a.openDedicated(); Statement st = admin.createStatement()) {
            st.execute("INSERT INTO broker_leases (broker_id, expires_at, address) VALUES ('" + killed
                    + "', LOCALTIMESTAMP + INTERVAL '30 seconds', '127.0.0.1:" + port + "')");
            long t0 = System.nanoTime();

            boolean done = asker.closeViewers(killed, "nurse", false, Duration.ofMillis(100));

            assertThat(done).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
