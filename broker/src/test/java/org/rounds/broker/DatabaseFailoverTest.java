package org.rounds.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;
import org.rounds.testpeers.PostgresPair;

/**
 * Two brokers given both a PostgreSQL primary and its synchronous standby; the primary is
 * SIGKILLed and the standby promoted. Every tap committed before is on the new primary; a
 * takeover started at the kill is decided once the brokers reach the new primary, the broker
 * that showed the desktop closing its viewer first (it hears the request from the table once it
 * listens again), so no desktop is open through both brokers at once.
 */
@Tag("peer")
class DatabaseFailoverTest {
    /** Which broker's pool has the user's viewer open; an open through a second pool is a desktop on two endpoints. */
    private final Map<String, String> shown = new ConcurrentHashMap<>();
    private final List<String> twice = new CopyOnWriteArrayList<>();

    @Test
    void committedTapsSurviveAndATakeoverAroundTheFailoverClosesTheOldViewerFirst(@TempDir Path dir) throws Exception {
        try (PostgresPair pair = PostgresPair.start("rounds")) {
            String url = "postgresql://" + pair.user() + "@127.0.0.1:" + pair.primaryPort() + ",127.0.0.1:" + pair.standbyPort()
                    + "/rounds?targetServerType=primary";
            Path key = dir.resolve("broker.key");
            org.rounds.broker.auth.KeyFile.create(key);
            try (StoreAdmin admin = Broker.admin(url, key)) {
                admin.enroll("nurse", "Nurse Ada", "NURSE-1");
                for (int i = 0; i < 6; i++) admin.enroll("user-" + i, "User " + i, "BADGE-" + i);
            }
            try (Broker a = Broker.builder().database(url).keyFile(key).port(0).desktops(new Pool("a")).build();
                 Broker b = Broker.builder().database(url).keyFile(key).port(0).desktops(new Pool("b")).build()) {
                a.start();
                b.start();
                try (BrokerClient viaA = BrokerClient.builder().broker(a.baseUrl()).build();
                     BrokerClient viaB = BrokerClient.builder().broker(b.baseUrl()).build()) {
                    viaA.register(new EndpointRegistration("cart-1", "cart", "Ward 3"));
                    viaB.register(new EndpointRegistration("cart-2", "cart", "Ward 3"));
                    Set<String> committed = new HashSet<>();
                    for (int i = 0; i < 12; i++) {
                        String tapId = "before-" + i;
                        TapDecision d = (i % 2 == 0 ? viaA : viaB).tap(new TapRequest(i % 2 == 0 ? "cart-1" : "cart-2",
                                "BADGE-" + (i % 6), tapId));
                        assertThat(d).isInstanceOfAny(TapDecision.Connect.class, TapDecision.Lock.class);
                        committed.add(tapId);
                    }
                    assertThat(viaA.tap(new TapRequest("cart-1", "NURSE-1", "nurse-on-cart-1"))).isInstanceOf(TapDecision.Connect.class);
                    assertThat(shown).containsEntry("nurse", "a");

                    pair.kill();
                    long killed = System.nanoTime();
                    // the takeover starts while there is no primary: an endpoint retries it under the same tap id
                    CompletableFuture<TapDecision> takeover = CompletableFuture.supplyAsync(
                            () -> untilAnswered(viaB, new TapRequest("cart-2", "NURSE-1", "nurse-on-cart-2")));
                    pair.promote();
                    TapDecision moved = takeover.get(20, TimeUnit.SECONDS);
                    long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

                    assertThat(moved).isInstanceOf(TapDecision.Connect.class);
                    assertThat(recoveredMs).as("kill to the takeover decided, ms").isLessThan(5_000);
                    assertThat(twice).isEmpty();
                    assertThat(shown).containsEntry("nurse", "b");
                    // and back again, through the other broker: both listen on the new primary
                    assertThat(untilAnswered(viaA, new TapRequest("cart-1", "NURSE-1", "nurse-back-on-cart-1")))
                            .isInstanceOf(TapDecision.Connect.class);
                    assertThat(twice).isEmpty();
                    assertThat(shown).containsEntry("nurse", "a");
                    committed.add("nurse-on-cart-1");
                    assertThat(decidedTaps(pair)).containsAll(committed).contains("nurse-on-cart-2", "nurse-back-on-cart-1");
                }
            }
        }
    }

    /** An endpoint's retries of one tap id, for at most 15 s. */
    private static TapDecision untilAnswered(BrokerClient client, TapRequest tap) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        BrokerException last = null;
        while (System.nanoTime() < end) {
            try {
                return client.tap(tap);
            } catch (BrokerException e) {
                last = e;
            }
        }
        throw new AssertionError("tap " + tap.tapId() + " never answered: " + (last == null ? "" : last.getMessage()));
    }

    /** The decided tap ids on the promoted standby, read directly. */
    private static Set<String> decidedTaps(PostgresPair pair) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(pair.jdbcUrl(false), pair.user(), "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT tap_id FROM taps WHERE decision IS NOT NULL")) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        return ids;
    }

    /** One broker's desktops: a viewer per user, recorded in {@link #shown}. */
    private final class Pool implements DesktopPool {
        private final String name;

        Pool(String name) {
            this.name = name;
        }

        @Override
        public DesktopAddress handOver(String userId, String displayName) {
            String before = shown.put(userId, name);
            if (before != null && !before.equals(name)) twice.add(userId + " open through " + before + " and " + name);
            return new DesktopAddress("127.0.0.1", 5901, "pw-" + name);
        }

        @Override
        public void disconnect(String userId) {
            shown.remove(userId, name);
        }

        @Override
        public void logoff(String userId) {
            shown.remove(userId, name);
        }

        @Override
        public Optional<Snapshot> snapshot(String userId) {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }
}
