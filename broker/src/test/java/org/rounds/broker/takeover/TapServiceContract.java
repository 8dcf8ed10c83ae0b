package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;

/** What a tap does to the store, the desktop pool and the push channel; run on H2 and on PostgreSQL. */
abstract class TapServiceContract implements KioskContract, PinContract, SessionContract {
    static final String BADGE = "0412345678";
    static final String OTHER_BADGE = "0499999999";

    Database db;
    Directory directory;
    BadgeKey key;
    Fakes.Journal journal;
    Fakes.Pool pool;
    Fakes.Push push;
    TapService taps;
    private final Clock clock = Clock.systemUTC();

    /** A fresh, empty, migrated database for one test. */
    abstract Database openDatabase();

    @BeforeEach
    void setUp() throws SQLException {
        db = openDatabase();
        directory = new Directory(db);
        key = BadgeKey.ephemeral();
        journal = new Fakes.Journal();
        pool = new Fakes.Pool(journal);
        push = new Fakes.Push(journal);
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        taps = new TapService(db, key, pool, push, clock, json);
    }

    @AfterEach
    void tearDown() {
        if (db != null) db.close();
    }

    @Override public Database db() { return db; }

    @Override public Directory directory() { return directory; }

    @Override public TapService taps() { return taps; }

    @Override public TapService taps(org.rounds.broker.auth.AuthPolicy policy) {
        return new TapService(db, key, pool, push, clock, new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES),
                policy, Cluster.SINGLE);
    }

    @Override public Fakes.Journal journal() { return journal; }

    @Override public String keyOf(String badge) { return key.hmac(badge); }

    @Override public BadgeKey key() { return key; }

    void enrollNurse() throws SQLException {
        directory.enroll("nurse", "Nurse Amina Diallo", key.hmac(BADGE), clock.instant());
    }

    void register(String endpoint) throws SQLException {
        directory.registerEndpoint(endpoint, "cart", "Ward 4", clock.instant());
    }

    TapDecision tap(String endpoint, String badge, String tapId) throws SQLException {
        return taps.tap(new TapRequest(endpoint, badge, tapId));
    }

    Map<String, String> session(String user) throws SQLException {
        List<Map<String, String>> rows = Rows.all(db, "desktop_sessions");
        return rows.stream().filter(r -> r.get("user_id").equals(user)).findFirst().orElseThrow();
    }

    @Test
    void firstTapConnectsAtGenerationOneAndStoresNoBadgeNumber() throws Exception {
        enrollNurse();
        register("cart-1");

        TapDecision d = tap("cart-1", BADGE, "tap-1");

        assertThat(d).isInstanceOf(TapDecision.Connect.class);
        TapDecision.Connect c = (TapDecision.Connect) d;
        assertThat(c.userId()).isEqualTo("nurse");
        assertThat(c.displayName()).isEqualTo("Nurse Amina Diallo");
        assertThat(c.generation()).isEqualTo(1);
        assertThat(c.desktop().password()).isEqualTo("pw1");
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-1").containsEntry("generation", "1")
                .containsEntry("state", "active");
        assertThat(Rows.auditKinds(db)).containsExactly("enroll", "endpoint-registered", "connect");
        assertThat(journal.entries()).containsExactly("handOver nurse");
        assertThat(push.events()).isEmpty();
        assertBadgeNowhere(BADGE);
        assertThat(Rows.all(db, "taps")).as("decisions kept for retries are sealed")
                .allSatisfy(r -> assertThat(r.get("decision")).startsWith("v1:").doesNotContain("\""));
    }

    @Test
    void tapOnAnotherEndpointPushesSessionMovedBeforeHandingOver() throws Exception {
        enrollNurse();
        register("cart-1");
        register("cart-2");
        tap("cart-1", BADGE, "tap-1");

        TapDecision d = tap("cart-2", BADGE, "tap-2");

        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> {
            assertThat(c.generation()).isEqualTo(2);
            assertThat(c.desktop().password()).isEqualTo("pw2");
        });
        assertThat(journal.entries()).containsExactly("handOver nurse", "push cart-1", "handOver nurse");
        assertThat(push.events()).singleElement().isInstanceOfSatisfying(PushEvent.SessionMoved.class, m -> {
            assertThat(m.userId()).isEqualTo("nurse");
            assertThat(m.toEndpoint()).isEqualTo("cart-2");
            assertThat(m.generation()).isEqualTo(2);
        });
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-2").containsEntry("generation", "2");
        assertThat(Rows.auditKinds(db)).endsWith("connect", "takeover");
    }

    @Test
    void takeoverProceedsWhenTheOldEndpointDoesNotAcknowledge() throws Exception {
        enrollNurse();
        register("cart-1");
        register("cart-2");
        tap("cart-1", BADGE, "tap-1");
        push.ack = false;

        TapDecision d = tap("cart-2", BADGE, "tap-2");

        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(journal.entries()).containsExactly("handOver nurse", "push cart-1", "handOver nurse");
    }

    @Test
    void retriedTapIdGetsTheSameDecisionAndWritesNothing() throws Exception {
        enrollNurse();
        register("cart-1");
        TapDecision first = tap("cart-1", BADGE, "tap-1");
        var before = Rows.everything(db);
        List<String> calls = journal.entries();

        TapDecision again = tap("cart-1", BADGE, "tap-1");

        assertThat(again).isEqualTo(first);
        assertThat(((TapDecision.Connect) again).desktop().password()).isEqualTo("pw1");
        assertThat(Rows.everything(db)).isEqualTo(before);
        assertThat(journal.entries()).isEqualTo(calls);
    }

    @Test
    void sameUserTappingAgainOnTheOwningEndpointLocksAndDisconnects() throws Exception {
        enrollNurse();
        register("cart-1");
        register("cart-2");
        tap("cart-1", BADGE, "tap-1");
        tap("cart-2", BADGE, "tap-2");

        TapDecision d = tap("cart-2", BADGE, "tap-3");

        assertThat(d).isEqualTo(new TapDecision.Lock("nurse", "tap-out"));
        assertThat(journal.entries()).last().isEqualTo("disconnect nurse");
        Map<String, String> s = session("nurse");
        assertThat(s.get("owner_endpoint")).isNull();
        assertThat(s).containsEntry("generation", "3");
        assertThat(Rows.auditKinds(db)).last().isEqualTo("tap-out");
    }

    @Test
    void failedHandOverIsDecidedSoARetryDoesNotHangAndTheNextTapConnects() throws Exception {
        enrollNurse();
        register("cart-1");
        pool.failNext = true;

        TapDecision failed = tap("cart-1", BADGE, "tap-1");

        assertThat(failed).isInstanceOfSatisfying(TapDecision.Denied.class, x -> assertThat(x.reason()).contains("nurse"));
        assertThat(tap("cart-1", BADGE, "tap-1")).as("retry of the same tap").isEqualTo(failed);
        assertThat(session("nurse").get("owner_endpoint")).as("nobody shows the desktop").isNull();
        assertThat(countWhere("taps", "decision IS NULL")).isZero();
        assertThat(Rows.auditKinds(db)).endsWith("connect", "handover-failed");

        TapDecision next = tap("cart-1", BADGE, "tap-2");

        assertThat(next).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-1");
    }

    @Test
    void unknownBadgeIsAuditedWithoutTheBadge() throws Exception {
        enrollNurse();
        register("cart-1");

        TapDecision d = tap("cart-1", OTHER_BADGE, "tap-1");

        assertThat(d).isEqualTo(new TapDecision.UnknownBadge());
        assertThat(Rows.auditKinds(db)).last().isEqualTo("unknown-badge");
        List<Map<String, String>> audit = Rows.all(db, "audit");
        Map<String, String> last = audit.get(audit.size() - 1);
        assertThat(last.get("user_id")).isNull();
        assertThat(last).containsEntry("endpoint_id", "cart-1");
        assertThat(journal.entries()).isEmpty();
        assertThat(Rows.count(db, "desktop_sessions")).isZero();
        assertBadgeNowhere(OTHER_BADGE);
        assertBadgeNowhere(BADGE);
    }

    @Test
    void unregisteredEndpointIsDeniedByNameAndNothingIsWritten() throws Exception {
        enrollNurse();
        register("cart-1");
        var before = Rows.everything(db);

        TapDecision d = tap("cart-9", BADGE, "tap-1");

        assertThat(d).isInstanceOfSatisfying(TapDecision.Denied.class, x -> assertThat(x.reason()).contains("cart-9"));
        assertThat(Rows.everything(db)).isEqualTo(before);
        assertThat(journal.entries()).isEmpty();
    }

    @Test
    void racingTapsLeaveOneOwnerAndDistinctGenerations() throws Exception {
        enrollNurse();
        int endpoints = 20, tapsEach = 5;
        for (int i = 0; i < endpoints; i++) register("ep-" + i);
        record Decided(String endpoint, TapDecision decision) {}
        List<Decided> decided = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(endpoints);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < endpoints; i++) {
                String ep = "ep-" + i;
                done.add(threads.submit(() -> {
                    go.await();
                    long lastGeneration = 0;
                    for (int t = 0; t < tapsEach; t++) {
                        TapDecision d = tap(ep, BADGE, ep + "-tap-" + t);
                        decided.add(new Decided(ep, d));
                        if (d instanceof TapDecision.Connect c) {
                            assertThat(c.generation()).as("generations one endpoint sees").isGreaterThan(lastGeneration);
                            lastGeneration = c.generation();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(decided).hasSize(endpoints * tapsEach);
        assertThat(decided).allMatch(x -> x.decision() instanceof TapDecision.Connect || x.decision() instanceof TapDecision.Lock);
        List<Long> generations = decided.stream().map(Decided::decision).filter(TapDecision.Connect.class::isInstance)
                .map(x -> ((TapDecision.Connect) x).generation()).sorted().toList();
        assertThat(new HashSet<>(generations)).as("no generation handed out twice").hasSize(generations.size());
        assertThat(generations).allMatch(g -> g >= 1 && g <= endpoints * tapsEach);

        // Every tap moved the session one generation: connects and tap-outs together number the taps.
        Map<String, String> s = session("nurse");
        assertThat(Long.parseLong(s.get("generation"))).isEqualTo(endpoints * tapsEach);
        long highest = generations.get(generations.size() - 1);
        String taker = decided.stream().filter(x -> x.decision() instanceof TapDecision.Connect c && c.generation() == highest)
                .findFirst().orElseThrow().endpoint();
        if (highest == endpoints * tapsEach) {
            assertThat(s).containsEntry("owner_endpoint", taker).containsEntry("state", "active");
        } else {
            assertThat(s.get("owner_endpoint")).as("the last tap was a tap-out").isNull();
        }
        assertThat(Rows.count(db, "desktop_sessions")).isEqualTo(1);
        assertThat(countWhere("taps", "decision IS NOT NULL")).isEqualTo(endpoints * tapsEach);
        assertThat(Rows.auditKinds(db).stream().filter(k -> Set.of("connect", "takeover", "tap-out").contains(k)).count())
                .isEqualTo(endpoints * tapsEach);
    }

    long countWhere(String table, String where) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + where);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aLogoffAfterTheUsersOwnTapEndsTheDesktopAndAForeignTokenChangesNothing() throws Exception {
        enrollNurse();
        register("cart-1");
        TapDecision.Connect c = (TapDecision.Connect) tap("cart-1", BADGE, "tap-1");
        assertThat(tap("cart-1", BADGE, "tap-2")).isInstanceOf(TapDecision.Lock.class);   // the nurse's own tap

        assertThat(taps.sessions().logoff(new org.rounds.broker.api.LogoffRequest("cart-1", "nurse", c.generation(), "forged")))
                .isEqualTo(new TapDecision.Denied("logoff token does not match this endpoint's session"));
        TapDecision d = taps.sessions().logoff(new org.rounds.broker.api.LogoffRequest("cart-1", "nurse", c.generation(), c.reconnectToken()));
        assertThat(d).isEqualTo(new TapDecision.Lock("nurse", "logged off"));
        assertThat(journal.entries()).endsWith("logoff nurse");
        assertThat(session("nurse")).containsEntry("state", "logged-off").containsEntry("generation", "3");
        assertThat(Rows.auditKinds(db)).endsWith("tap-out", "logoff");
        assertThat(taps.sessions().logoff(new org.rounds.broker.api.LogoffRequest("cart-1", "nurse", c.generation(), c.reconnectToken())))
                .as("repeated: nothing more").isEqualTo(new TapDecision.Lock("nurse", "the session had moved on"));
    }

    void assertBadgeNowhere(String badge) throws SQLException {
        var everything = Rows.everything(db);
        assertThat(everything).containsKeys("audit", "badges", "desktop_sessions", "endpoints", "settings", "taps", "users");
        everything.forEach((table, rows) -> rows.forEach(row -> row.forEach((column, value) ->
                {
            if (value != null) assertThat(value).as("%s.%s", table, column).doesNotContain(badge);
        })));
    }
}
