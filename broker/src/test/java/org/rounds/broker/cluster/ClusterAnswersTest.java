package org.rounds.broker.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.ResultSet;
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
 * How an asked broker answers, on a real PostgreSQL: in the NOTIFY's payload when the request
 * asks for it (the request is the only row written), with a row as before when it does not (a
 * broker of an earlier version asking during a rolling upgrade); and a NOTIFY payload that is
 * not an answer asks nothing.
 */
@Tag("peer")
class ClusterAnswersTest {
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
        pg.createDatabase("answers");
        try (Database db = Database.jdbc(pg.jdbcUrl("answers"), pg.user(), pg.password()); Connection c = db.openDedicated();
             Statement st = c.createStatement()) {
            // every row ever written to cluster_messages, kept after the reader deletes it
            st.execute("CREATE TABLE written (to_broker VARCHAR(64), payload TEXT)");
            st.execute("CREATE FUNCTION keep_written() RETURNS trigger AS $$ BEGIN "
                    + "INSERT INTO written VALUES (NEW.to_broker, NEW.payload); RETURN NEW; END $$ LANGUAGE plpgsql");
            st.execute("CREATE TRIGGER keep_written AFTER INSERT ON cluster_messages FOR EACH ROW EXECUTE FUNCTION keep_written()");
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }


    private static Database open() {
        return Database.jdbc(pg.jdbcUrl("answers"), pg.user(), pg.password());
    }

    @Test
    void anAskIsAnsweredInTheNotificationAndOnlyTheRequestIsARow() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Database a = open(); Database b = open();
             ClusterBus asker = new ClusterBus(a, json, new ClosingLocal(closed));
             ClusterBus holder = new ClusterBus(b, json, new ClosingLocal(closed));
             Connection admin = a.openDedicated(); Statement st = admin.createStatement()) {
            st.execute("DELETE FROM written");

            assertThat(asker.closeViewers(holder.brokerId(), "nurse", false, Duration.ofSeconds(5))).isTrue();

            assertThat(closed).containsExactly("nurse");
            try (ResultSet rs = st.executeQuery("SELECT to_broker, payload FROM written")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(holder.brokerId());
                assertThat(rs.getString(2)).contains("\"kind\":\"close-viewers\"");
                assertThat(rs.next()).as("no answer row").isFalse();
            }
        }
    }

    @Test
    void askingALiveBrokerOftenLooksAtItsPortAtMostOnceIn200Ms() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger looked = new java.util.concurrent.atomic.AtomicInteger();
        try (Database a = open(); Database b = open();
             java.net.ServerSocket port = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             ClusterBus asker = new ClusterBus(a, new ObjectMapper(), new ClosingLocal(closed));
             ClusterBus holder = new ClusterBus(b, new ObjectMapper(), new ClosingLocal(closed))) {
            Thread accepting = new Thread(() -> {
                try {
                    while (true) {
                        port.accept().close();
                        looked.incrementAndGet();
                    }
                } catch (java.io.IOException closedAtEnd) {
                    // test over
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            holder.advertise("127.0.0.1:" + port.getLocalPort());
            for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
                try (Connection c = a.openDedicated(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT address FROM broker_leases WHERE broker_id = '" + holder.brokerId() + "'")) {
                    if (rs.next() && rs.getString(1) != null) break;   // the next renewal carries the address
                }
            }
            long t0 = System.nanoTime();

            for (int i = 0; i < 30; i++) assertThat(asker.closeViewers(holder.brokerId(), "nurse", false, Duration.ofSeconds(5))).isTrue();

            long windows = (System.nanoTime() - t0) / Leases.SEEN_ALIVE_NANOS + 1;
            assertThat(closed).hasSize(30);
            assertThat(looked.get()).as("connects to the holder's port for 30 asks in %d windows of 200 ms", windows)
                    .isPositive().isLessThanOrEqualTo((int) Math.min(windows + 1, 29));
        }
    }

    @Test
    void aRequestFromAnEarlierBrokerIsAnsweredWithARow() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        String earlier = "0d1b0000000000aa";   // an asker that names no answerBy
        try (Database b = open(); ClusterBus holder = new ClusterBus(b, new ObjectMapper(), new ClosingLocal(closed));
             Connection admin = b.openDedicated(); Statement st = admin.createStatement()) {
            st.execute("INSERT INTO cluster_messages (to_broker, payload, expires_at) VALUES ('" + holder.brokerId() + "', "
                    + "'{\"kind\":\"close-viewers\",\"user\":\"doctor\",\"logoff\":false,\"id\":\"r-1\",\"from\":\"" + earlier + "\"}', "
                    + "LOCALTIMESTAMP + INTERVAL '10 seconds')");
            st.execute("SELECT pg_notify('rounds_" + holder.brokerId() + "', '')");

            String answer = null;
            for (long end = System.nanoTime() + 10_000_000_000L; answer == null && System.nanoTime() < end; Thread.sleep(20)) {
                try (ResultSet rs = st.executeQuery("SELECT payload FROM cluster_messages WHERE to_broker = '" + earlier + "'")) {
                    if (rs.next()) answer = rs.getString(1);
                }
            }
            assertThat(closed).containsExactly("doctor");
            assertThat(answer).contains("\"kind\":\"answer\"").contains("\"id\":\"r-1\"").contains("\"ok\":true");
        }
    }

    @Test
    void aNotificationPayloadThatIsNoAnswerAsksNothing() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        try (Database a = open(); Database b = open();
             ClusterBus holder = new ClusterBus(b, new ObjectMapper(), new ClosingLocal(closed));
             ClusterBus asker = new ClusterBus(a, new ObjectMapper(), new ClosingLocal(closed));
             Connection admin = b.openDedicated(); Statement st = admin.createStatement()) {
            st.execute("SELECT pg_notify('rounds_" + holder.brokerId() + "', '{\"kind\":\"close-viewers\",\"user\":\"doctor\","
                    + "\"logoff\":true,\"id\":\"r-2\",\"from\":\"" + asker.brokerId() + "\"}')");
            // a real ask after it: once it is done, the stray payload was read first (one listener, in order)
            assertThat(asker.closeViewers(holder.brokerId(), "nurse", false, Duration.ofSeconds(5))).isTrue();

            assertThat(closed).containsExactly("nurse");
        }
    }
}
