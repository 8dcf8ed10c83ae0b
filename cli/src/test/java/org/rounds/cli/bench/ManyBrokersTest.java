package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.Broker;
import org.rounds.broker.store.Database;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.TapDecision;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.PostgresServer;

/**
 * Several brokers on one real PostgreSQL: a takeover decided on one broker reaches the old
 * endpoint and the old desktop host through another; racing taps across brokers leave one
 * owner; and a broker killed with SIGKILL in the middle of a race loses nothing committed.
 */
@Tag("peer")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ManyBrokersTest {
    static final String BADGE = "0412345678";
    private static final MediaType JSON = MediaType.get("application/json");
    private static PostgresServer pg;
    private static final AtomicInteger databases = new AtomicInteger();
    private final ObjectMapper json = new ObjectMapper();
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private String database;
    /** The key file every broker of a test reads, as every broker of one database must. */
    @org.junit.jupiter.api.io.TempDir java.nio.file.Path keys;
    private java.nio.file.Path keyFile;

    @BeforeAll
    static void startPostgres() {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (pg != null) pg.close();
    }

    @BeforeEach
    void freshDatabase() {
        database = "brokers_" + databases.incrementAndGet();
        pg.createDatabase(database);
        keyFile = keys.resolve("broker.key");
        org.rounds.broker.auth.KeyFile.create(keyFile);
    }

    @AfterEach
    void stopAll() throws Exception {
        Collections.reverse(closing);
        for (AutoCloseable c : closing) c.close();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private Broker broker(Fakes.Pool pool) {
        Broker b = Broker.builder().database(adminUrl()).keyFile(keyFile).port(0).tapRateLimit(1000, 1000).desktops(pool).build();
        b.start();
        closing.add(b);
        return b;
    }

    /** postgresql://user:password@host:port/db, as an administrator writes it. */
    private String adminUrl() {
        return "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/" + database;
    }

    @Test
    void takeoverThroughAnotherBrokerPushesToTheOldEndpointAndClosesItsViewerFirst() throws Exception {
        Fakes.Journal journal = new Fakes.Journal();
        Broker one = broker(new Fakes.Pool(journal)), two = broker(new Fakes.Pool(journal));
        assertThat(one.brokerId()).isNotEqualTo(two.brokerId()).matches("[0-9a-f]{16}");
        one.enroll("nurse", "Nurse Amina Diallo", BADGE);
        register(one.baseUrl(), "cart-1");
        register(two.baseUrl(), "cart-2");
        assertThat(tap(one.baseUrl(), "cart-1", "t-1")).isInstanceOf(TapDecision.Connect.class);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        WebSocket ws = pushChannel(one.baseUrl(), "cart-1", text -> order.add("cart-1 pushed " + text));
        try {
            awaitRow("SELECT COUNT(*) FROM push_channels WHERE endpoint_id = 'cart-1' AND broker_id = '" + one.brokerId() + "'");
            int before = journal.entries().size();

            TapDecision d = tap(two.baseUrl(), "cart-2", "t-2");
            order.add("cart-2 answered");

            assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
            assertThat(order).hasSize(2);
            assertThat(order.get(0)).startsWith("cart-1 pushed").contains("\"session-moved\"").contains("\"toEndpoint\":\"cart-2\"")
                    .contains("\"generation\":2").doesNotContain(BADGE);
            assertThat(order.get(1)).isEqualTo("cart-2 answered");
            // broker one's desktop host closed the nurse's viewer before broker two handed the desktop over
            assertThat(journal.entries().subList(before, journal.entries().size()))
                    .containsExactly("disconnect nurse", "handOver nurse");
            Map<String, String> s = row("SELECT owner_endpoint, generation, desktop_broker FROM desktop_sessions WHERE user_id = 'nurse'");
            assertThat(s).containsEntry("owner_endpoint", "cart-2").containsEntry("generation", "2")
                    .containsEntry("desktop_broker", two.brokerId());
        } finally {
            ws.cancel();
        }
    }

    @Test
    void racingTapsAcrossTwoBrokersLeaveOneOwnerAndTellEveryLoser() throws Exception {
        Broker one = broker(new Fakes.Pool(new Fakes.Journal())), two = broker(new Fakes.Pool(new Fakes.Journal()));
        one.enroll("nurse", "Nurse Amina Diallo", BADGE);
        List<String> urls = List.of(one.baseUrl(), two.baseUrl());
        // Every endpoint listens on the broker it does not tap through: each session-moved crosses brokers.
        Map<String, List<Long>> told = new java.util.concurrent.ConcurrentHashMap<>();
        List<WebSocket> channels = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String ep = "ep-" + i;
            List<Long> mine = Collections.synchronizedList(new ArrayList<>());
            told.put(ep, mine);
            register(urls.get(0), ep);
            channels.add(pushChannel(urls.get((i + 1) % 2), ep, text -> {
                try {
                    mine.add(json.readTree(text).get("generation").asLong());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        try {
            awaitRow("SELECT CASE WHEN COUNT(*) = 20 THEN 1 ELSE 0 END FROM push_channels");
            Race race = race(urls, 20, 5, () -> {});
            race.assertConsistent(this, 100);

            // The owner at each generation lost it at the next unless that was its own tap-out: then it heard session-moved.
            Map<Long, String> ownerAt = new java.util.TreeMap<>();
            race.generationsByEndpoint().forEach((ep, gens) -> gens.forEach(g -> ownerAt.put(g, ep)));
            int losses = 0;
            for (Map.Entry<Long, String> e : ownerAt.entrySet()) {
                String next = ownerAt.get(e.getKey() + 1);
                if (next == null || next.equals(e.getValue())) continue;   // tapped out (or the last owner)
                losses++;
                assertThat(told.get(e.getValue())).as(e.getValue() + " lost the session at generation " + (e.getKey() + 1))
                        .contains(e.getKey() + 1);
            }
            assertThat(losses).as("takeovers in the race").isGreaterThan(10);
        } finally {
            channels.forEach(WebSocket::cancel);
        }
    }

    @Test
    void aBrokerKilledMidRaceLosesNothingCommitted() throws Exception {
        Broker one = broker(new Fakes.Pool(new Fakes.Journal()));
        one.enroll("nurse", "Nurse Amina Diallo", BADGE);
        BrokerProcess two = BrokerProcess.start(adminUrl(), keyFile);
        closing.add(two);
        AtomicInteger decided = new AtomicInteger();
        Race race = race(List.of(one.baseUrl(), two.baseUrl()), 20, 5, () -> {
            if (decided.incrementAndGet() == 30) {
                try {
                    two.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        assertThat(race.retried.get()).as("taps the killed broker left to the other").isPositive();
        race.assertConsistent(this, 100, race.retried.get());
    }

    /** What a race decided: per endpoint, its decisions in order. */
    record Race(List<TapDecision> decisions, Map<String, List<Long>> generationsByEndpoint, AtomicInteger retried) {

        void assertConsistent(ManyBrokersTest t, int taps) throws Exception {
            assertConsistent(t, taps, 0);
        }

        /**
         * As {@link #assertConsistent(ManyBrokersTest, int)}, for a race in which a broker was
         * killed: up to {@code cutOff} taps (those it left unanswered) may have had their claim
         * overtaken before their retry reached the live broker. Such a tap was still counted (its
         * claim moved the session a generation and wrote its row), and its retry is told to tap
         * again, never given the desktop another endpoint now shows.
         */
        void assertConsistent(ManyBrokersTest t, int taps, int cutOff) throws Exception {
            assertThat(decisions).hasSize(taps);
            List<TapDecision> overtaken = decisions.stream().filter(d -> !(d instanceof TapDecision.Connect || d instanceof TapDecision.Lock))
                    .toList();
            assertThat(overtaken).as("taps neither connected nor locked").hasSizeLessThanOrEqualTo(cutOff)
                    .allSatisfy(d -> assertThat(d).isInstanceOfSatisfying(TapDecision.Denied.class, den -> assertThat(den.reason())
                            .isEqualTo("the session moved to another endpoint before this tap was answered; tap again")));
            List<Long> generations = decisions.stream().filter(TapDecision.Connect.class::isInstance)
                    .map(d -> ((TapDecision.Connect) d).generation()).sorted().toList();
            assertThat(new HashSet<>(generations)).as("no generation handed out twice").hasSize(generations.size());
            generationsByEndpoint.values().forEach(g -> assertThat(g).as("generations one endpoint saw").isSorted()
                    .doesNotHaveDuplicates());
            // Every decided tap moved the session one generation, and left exactly one row of each kind.
            Map<String, String> s = t.row("SELECT owner_endpoint, generation FROM desktop_sessions WHERE user_id = 'nurse'");
            assertThat(Long.parseLong(s.get("generation"))).isEqualTo(taps);
            assertThat(t.count("SELECT COUNT(*) FROM taps WHERE decision IS NOT NULL")).isEqualTo(taps);
            assertThat(t.count("SELECT COUNT(*) FROM taps WHERE decision IS NULL")).as("taps left pending").isZero();
            assertThat(t.count("SELECT COUNT(*) FROM audit WHERE kind IN ('connect', 'takeover', 'tap-out')")).isEqualTo(taps);
            long last = generations.isEmpty() ? 0 : generations.get(generations.size() - 1);
            if (last == taps) assertThat(s.get("owner_endpoint")).isNotNull();
            else assertThat(s.get("owner_endpoint")).as("the last tap was a tap-out").isNull();
        }
    }

    /**
     * {@code endpoints} endpoints tap {@code each} times as fast as they can, endpoint i on broker
     * i mod n; a tap whose broker does not answer is retried with the same tap id on the next, as
     * the endpoint's broker client does. {@code afterEach} runs after every decision.
     */
    private Race race(List<String> urls, int endpoints, int each, Runnable afterEach) throws Exception {
        for (int i = 0; i < endpoints; i++) register(urls.get(0), "ep-" + i);   // again: registration is idempotent
        List<TapDecision> decisions = Collections.synchronizedList(new ArrayList<>());
        Map<String, List<Long>> byEndpoint = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger retried = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(endpoints);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                String ep = "ep-" + i;
                int first = i % urls.size();
                done.add(threads.submit(() -> {
                    go.await();
                    List<Long> mine = Collections.synchronizedList(new ArrayList<>());
                    byEndpoint.put(ep, mine);
                    for (int t = 0; t < each; t++) {
                        TapDecision d = null;
                        for (int attempt = 0; d == null; attempt++) {
                            if (attempt == 6) throw new AssertionError(ep + " tap " + t + " failed on every broker");
                            try {
                                d = tap(urls.get((first + attempt) % urls.size()), ep, ep + "-tap-" + t);
                            } catch (java.io.IOException e) {
                                retried.incrementAndGet();
                            }
                        }
                        decisions.add(d);
                        if (d instanceof TapDecision.Connect c) mine.add(c.generation());
                        afterEach.run();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(150, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        return new Race(decisions, byEndpoint, retried);
    }

    void register(String base, String endpoint) throws Exception {
        try (Response r = post(base + BrokerApi.ENDPOINTS, "{\"endpointId\":\"" + endpoint + "\",\"kind\":\"cart\",\"location\":\"Ward 4\"}")) {
            assertThat(r.code()).isEqualTo(204);
        }
    }

    /** A tap's decision; an IOException when the broker does not answer (refused, reset, 5xx). */
    TapDecision tap(String base, String endpoint, String tapId) throws Exception {
        try (Response r = post(base + BrokerApi.TAPS, "{\"endpointId\":\"" + endpoint + "\",\"credential\":\"" + BADGE
                + "\",\"tapId\":\"" + tapId + "\"}")) {
            String body = r.body().string();
            if (r.code() >= 500) throw new java.io.IOException(r.code() + " " + body);
            assertThat(r.code()).as(body).isEqualTo(200);
            return json.readValue(body, TapDecision.class);
        }
    }

    private Response post(String url, String body) throws java.io.IOException {
        return http.newCall(new Request.Builder().url(url).post(RequestBody.create(body, JSON)).build()).execute();
    }

    private WebSocket pushChannel(String base, String endpoint, java.util.function.Consumer<String> onEvent) throws Exception {
        CountDownLatch open = new CountDownLatch(1);
        WebSocket ws = http.newWebSocket(new Request.Builder().url(base.replace("http://", "ws://") + BrokerApi.pushPath(endpoint)).build(),
                new WebSocketListener() {
                    @Override public void onOpen(WebSocket w, Response r) { open.countDown(); }

                    @Override public void onMessage(WebSocket w, String text) {
                        onEvent.accept(text);
                        try {
                            w.send(json.writeValueAsString(new PushAck(json.readTree(text).get("eventId").asText())));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
        assertThat(open.await(5, TimeUnit.SECONDS)).as("push channel open").isTrue();
        return ws;
    }

    private Database rows;

    /** The database as an operator's psql would read it (opened once per test). */
    private Database db() {
        if (rows == null) {
            rows = Database.jdbc(pg.jdbcUrl(database), pg.user(), pg.password());
            closing.add(0, rows);   // closed last
        }
        return rows;
    }

    Map<String, String> row(String sql) throws SQLException {
        try (Connection c = db().connection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).as(sql).isTrue();
            Map<String, String> m = new java.util.TreeMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) m.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
            return m;
        }
    }

    long count(String sql) throws SQLException {
        return Long.parseLong(row(sql).values().iterator().next());
    }

    /** Waits until a count query says 1 (a broker records a push channel just after it opens). */
    private void awaitRow(String countSql) throws SQLException {
        Await.until(Duration.ofSeconds(10), "a count of 1 from " + countSql, () -> count(countSql) == 1);
    }
}
