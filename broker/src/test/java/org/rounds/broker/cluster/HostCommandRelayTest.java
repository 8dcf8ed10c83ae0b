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
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.store.Database;
import org.rounds.testpeers.PostgresServer;

/** A broker reaches a desktop host whose control channel another broker holds, through PostgreSQL. */
@Tag("peer")
class HostCommandRelayTest {
    private static PostgresServer pg;
    private static final org.rounds.broker.auth.SecretSeal seal = org.rounds.broker.auth.SecretSeal.ephemeral();
    private static final List<String> admitted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
        pg.createDatabase("relay");
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    @Test
    void aCommandReachesTheBrokerHoldingTheChannelAndItsReplyComesBackWithTheCredentialSealedOnTheWay() {
        List<String> received = new CopyOnWriteArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Database a = Database.jdbc(pg.jdbcUrl("relay"), pg.user(), pg.password());
             Database b = Database.jdbc(pg.jdbcUrl("relay"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, local(received, null), seal);
             ClusterBus holder = new ClusterBus(b, json, local(received, "desktop host full: 20 of 20 sessions"), seal);
             java.sql.Connection watcher = b.openDedicated();
             java.sql.Statement listen = watcher.createStatement()) {
            listen.execute("LISTEN rounds_" + holder.brokerId());   // what anyone able to LISTEN on the database sees

            HostMessage.Reply ok = asker.hostCommand(holder.brokerId(), "host-a",
                    new HostMessage.Disconnect("c-1", "nurse"), Duration.ofSeconds(2));
            HostMessage.Reply full = asker.hostCommand(holder.brokerId(), "host-full",
                    new HostMessage.Admit("c-2", "doctor", "Dr Ines Okafor", "pw-12345"), Duration.ofSeconds(2));

            assertThat(ok).isEqualTo(new HostMessage.Reply("c-1", true, ""));
            assertThat(full).isEqualTo(new HostMessage.Reply("c-2", false, "desktop host full: 20 of 20 sessions"));
            assertThat(received).containsExactly("host-a Disconnect[id=c-1, userId=nurse]", "host-full Admit[id=c-2, userId=doctor]");
            assertThat(admitted).containsExactly("pw-12345");
            org.postgresql.PGNotification[] seen = watcher.unwrap(org.postgresql.PGConnection.class).getNotifications(1000);
            assertThat(seen).isNotEmpty();
            for (org.postgresql.PGNotification n : seen) assertThat(n.getParameter()).doesNotContain("pw-12345");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBrokerThatIsGoneFailsTheCommandWithoutWaitingItOut() {
        ObjectMapper json = new ObjectMapper();
        try (Database a = Database.jdbc(pg.jdbcUrl("relay"), pg.user(), pg.password());
             ClusterBus asker = new ClusterBus(a, json, local(new CopyOnWriteArrayList<>(), null))) {
            long start = System.nanoTime();

            HostMessage.Reply r = asker.hostCommand("00000000deadbeef", "host-a", new HostMessage.Logoff("c-3", "nurse"), Duration.ofSeconds(5));

            assertThat(r.ok()).isFalse();
            assertThat(r.error()).isEqualTo("broker 00000000deadbeef holding host host-a's channel did not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    /** A broker whose host channels answer ok, or fail the host "host-full" with {@code fullError}. */
    private static ClusterBus.Local local(List<String> received, String fullError) {
        return new ClusterBus.Local() {
            @Override public boolean push(String endpointId, PushEvent event, Duration wait) { return false; }

            @Override public boolean closeViewers(String userId, boolean logoff) { return false; }

            @Override public HostMessage.Reply hostCommand(String host, HostMessage.Command command, Duration wait) {
                received.add(host + " " + command);
                if (command instanceof HostMessage.Admit a) admitted.add(a.password());
                String id = command instanceof HostMessage.Admit x ? x.id() : command instanceof HostMessage.Disconnect d ? d.id() : "";
                return host.equals("host-full") ? new HostMessage.Reply(id, false, fullError) : new HostMessage.Reply(id, true, "");
            }
        };
    }
}
