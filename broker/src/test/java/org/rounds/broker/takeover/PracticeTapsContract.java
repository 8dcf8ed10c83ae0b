package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;
import org.rounds.broker.store.Tx;

/**
 * Two practices set up alike (issue 23): the same badge number, user id, endpoint ids and tap
 * ids in each. Whatever practice A's endpoints do, practice B's sessions, taps, challenges and
 * endpoints neither answer nor change. Run on H2 (the code's filters alone) and on PostgreSQL as
 * the tables' owner (row-level security behind them).
 */
abstract class PracticeTapsContract {
    static final Tenant A = new Tenant("practice-a");
    static final Tenant B = new Tenant("practice-b");
    static final String BADGE = "0412345678";

    Database db;
    BadgeKey key;
    Fakes.Journal journal;
    Fakes.Push push;
    TapService taps;
    private final Clock clock = Clock.systemUTC();

    abstract Database openDatabase();

    @BeforeEach
    void setUp() throws SQLException {
        db = openDatabase();
        key = BadgeKey.ephemeral();
        journal = new Fakes.Journal();
        push = new Fakes.Push(journal);
        taps = new TapService(db, key, new Fakes.Pool(journal), push, clock,
                new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        Tenants tenants = new Tenants(db);
        for (Tenant t : List.of(A, B)) {
            tenants.add(t, clock.instant(), "test");
            Directory d = new Directory(db).in(t);
            d.enroll("nurse", "Nurse of " + t, key.forTenant(t).hmac(BADGE), clock.instant());
            d.registerEndpoint("cart-1", "cart", "Ward 4", clock.instant());
            d.registerEndpoint("cart-2", "cart", "Ward 5", clock.instant());
        }
    }

    @AfterEach
    void tearDown() {
        if (db != null) db.close();
    }

    TapDecision tap(Tenant t, String endpoint, String tapId) throws SQLException {
        return taps.tap(t, new TapRequest(endpoint, BADGE, tapId), "cert:" + t + ":" + endpoint);
    }

    @Test
    void theSameBadgeOpensEachPracticesOwnUsersDesktop() throws Exception {
        TapDecision a = tap(A, "cart-1", "tap-1");
        TapDecision b = tap(B, "cart-1", "tap-1");

        assertThat(a).isInstanceOfSatisfying(TapDecision.Connect.class, c -> {
            assertThat(c.displayName()).isEqualTo("Nurse of practice-a");
            assertThat(c.generation()).isEqualTo(1);
        });
        assertThat(b).as("the same tap id in B is B's own tap, not a replay of A's decision (A's desktop credential)")
                .isInstanceOfSatisfying(TapDecision.Connect.class, c -> {
                    assertThat(c.displayName()).isEqualTo("Nurse of practice-b");
                    assertThat(c.generation()).isEqualTo(1);
                    assertThat(c.desktop().password()).isNotEqualTo(((TapDecision.Connect) a).desktop().password());
                });
        assertThat(journal.entries()).as("two desktops, one per practice").containsExactly("handOver practice-a/nurse", "handOver practice-b/nurse");
        assertThat(rows("desktop_sessions", "tenant_id", "user_id", "owner_endpoint", "generation"))
                .containsExactlyInAnyOrder("practice-a nurse cart-1 1", "practice-b nurse cart-1 1");
        assertThat(rows("taps", "tenant_id", "tap_id", "endpoint_id")).containsExactlyInAnyOrder("practice-a tap-1 cart-1", "practice-b tap-1 cart-1");
        assertThat(rows("audit", "tenant_id", "kind", "user_id")).contains("practice-a connect nurse", "practice-b connect nurse")
                .noneMatch(r -> r.startsWith("default connect"));
    }

    @Test
    void aTapInOnePracticeNeitherMovesNorTellsTheOthersSession() throws Exception {
        tap(B, "cart-1", "b-1");
        tap(A, "cart-1", "a-1");
        TapDecision moved = tap(A, "cart-2", "a-2");   // A's nurse moves within A

        assertThat(moved).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(journal.entries()).as("only A's old endpoint hears of A's move").containsExactly(
                "handOver practice-b/nurse", "handOver practice-a/nurse", "push practice-a/cart-1", "handOver practice-a/nurse");
        assertThat(rows("desktop_sessions", "tenant_id", "owner_endpoint", "generation"))
                .containsExactlyInAnyOrder("practice-a cart-2 2", "practice-b cart-1 1");
    }

    @Test
    void anAdminEndingOnePracticesSessionLocksItsEndpointAndEndsItsDesktopOnly() throws Exception {
        tap(B, "cart-1", "b-1");
        tap(A, "cart-1", "a-1");

        assertThat(taps.endByAdmin(A, "nurse", "help-a")).isTrue();
        assertThat(journal.entries()).as("A's desktop ended and A's endpoint told; B's neither").containsExactly(
                "handOver practice-b/nurse", "handOver practice-a/nurse", "logoff practice-a/nurse", "push practice-a/cart-1");
        assertThat(push.events()).singleElement().isInstanceOfSatisfying(org.rounds.broker.api.PushEvent.SessionMoved.class,
                m -> assertThat(m.generation()).isEqualTo(2));
        assertThat(rows("desktop_sessions", "tenant_id", "owner_endpoint", "generation", "state"))
                .containsExactlyInAnyOrder("practice-a null 2 logged-off", "practice-b cart-1 1 active");
        assertThat(taps.endByAdmin(A, "nurse", "help-a")).as("nothing left to end in A").isFalse();
    }

    @Test
    void aProfileChangedInOnePracticeIsPushedToItsEndpointsOnly() throws Exception {
        org.rounds.broker.store.Profiles profiles = new org.rounds.broker.store.Profiles(db);
        for (Tenant t : List.of(A, B)) {
            profiles.set(t, "ward", org.rounds.broker.api.ProfileSettings.defaults(), "admin", clock.instant());
            profiles.assign(t, "ward", List.of("cart-1"), "admin", clock.instant());
        }
        assertThat(taps.profiles().pushProfile(A, "ward")).as("A's endpoints the profile applies to").isEqualTo(1);
        org.rounds.testpeers.Await.until(java.time.Duration.ofSeconds(5), "A's cart told", () -> journal.entries().contains("push practice-a/cart-1"));
        assertThat(journal.entries()).containsExactly("push practice-a/cart-1");
        assertThat(push.events()).singleElement().isInstanceOf(org.rounds.broker.api.PushEvent.ProfileChanged.class);
    }

    @Test
    void aBadgeOrEndpointOfTheOtherPracticeIsUnknownHere() throws Exception {
        new Directory(db).in(B).enroll("doctor", "Doctor of B", key.forTenant(B).hmac("0400000001"), clock.instant());
        new Directory(db).in(B).registerEndpoint("cart-b-only", "cart", "B's ward", clock.instant());

        assertThat(taps.tap(A, new TapRequest("cart-1", "0400000001", "t-1"), "cert:a")).isInstanceOf(TapDecision.UnknownBadge.class);
        assertThat(taps.tap(A, new TapRequest("cart-b-only", BADGE, "t-2"), "cert:a"))
                .isEqualTo(new TapDecision.Denied("endpoint cart-b-only is not registered"));
        assertThat(taps.tap(Tenant.DEFAULT, new TapRequest("cart-1", BADGE, "t-3"), "cert:d"))
                .as("the default practice has neither the endpoint nor the badge")
                .isEqualTo(new TapDecision.Denied("endpoint cart-1 is not registered"));
        assertThat(rows("desktop_sessions", "tenant_id", "user_id")).isEmpty();
    }

    @Test
    void anotherPracticesPinChallengePasswordAndReconnectTokenAnswerNothing() throws Exception {
        String pin = SlowHash.hash("2468");
        Tx.run(db, B, c -> {
            org.rounds.broker.store.Credentials.setPin(c, "nurse", pin);
            org.rounds.broker.store.Credentials.setPassword(c, "nurse", SlowHash.hash("b-secret"));
            return null;
        });
        TapDecision challenge = tap(B, "cart-1", "b-1");
        assertThat(challenge).isInstanceOf(TapDecision.PinRequired.class);
        String token = ((TapDecision.PinRequired) challenge).pinToken();

        assertThat(taps.enterPin(A, new PinEntry("cart-1", token, "2468", "a-pin"), "cert:a"))
                .as("B's challenge is unknown to A's endpoint of the same id")
                .isEqualTo(new TapDecision.Denied("the PIN request expired; tap again"));
        assertThat(taps.passwordLogin(A, new PasswordLogin("cart-1", "nurse", "b-secret", "a-pw"), "cert:a"))
                .as("B's nurse's password is not A's nurse's").isEqualTo(new TapDecision.Denied("wrong user id or password"));

        TapDecision.Connect inB = (TapDecision.Connect) taps.enterPin(B, new PinEntry("cart-1", token, "2468", "b-pin"), "cert:b");
        assertThat(taps.sessions().reconnect(A, new ReconnectRequest("cart-1", "nurse", inB.generation(), inB.reconnectToken())))
                .as("B's reconnect token opens nothing in A").isInstanceOf(TapDecision.Denied.class);
        assertThat(taps.sessions().reconnect(B, new ReconnectRequest("cart-1", "nurse", inB.generation(), inB.reconnectToken())))
                .isInstanceOf(TapDecision.Connect.class);
        assertThat(rows("desktop_sessions", "tenant_id", "owner_endpoint")).containsExactly("practice-b cart-1");
    }

    @Test
    void aKioskGetsItsOwnPracticesSharedAccount() throws Exception {
        for (Tenant t : List.of(A, B)) {
            new Directory(db).in(t).registerEndpoint("kiosk-1", "kiosk", "Lobby", clock.instant());
            Tx.run(db, t, c -> {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (tenant_id, id, display_name, created_at) VALUES (?, 'lobby', ?, ?)")) {
                    ps.setString(1, t.name());
                    ps.setString(2, "Lobby of " + t);
                    ps.setTimestamp(3, java.sql.Timestamp.from(clock.instant()));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO kiosk_assignments (tenant_id, endpoint_id, user_id, assigned_at) VALUES (?, 'kiosk-1', 'lobby', ?)")) {
                    ps.setString(1, t.name());
                    ps.setTimestamp(2, java.sql.Timestamp.from(clock.instant()));
                    ps.executeUpdate();
                }
                return null;
            });
        }

        TapDecision a = taps.kiosk(A, new org.rounds.broker.api.KioskRequest("kiosk-1", "k-1"));

        assertThat(a).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.displayName()).isEqualTo("Lobby of practice-a"));
        assertThat(rows("desktop_sessions", "tenant_id", "user_id")).containsExactly("practice-a lobby");
    }

    @Test
    void aPracticeAtItsSessionLimitIsRefusedWholeWhileTheOtherConnects() throws Exception {
        new Tenants(db).setLimits(A, new org.rounds.broker.store.PracticeLimits(1, 0), clock.instant(), "test");
        new Directory(db).in(A).enroll("doctor", "Doctor of A", key.forTenant(A).hmac("0400000009"), clock.instant());
        assertThat(tap(A, "cart-1", "a-1")).isInstanceOf(TapDecision.Connect.class);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> taps.tap(A, new TapRequest("cart-2", "0400000009", "a-2"), "cert:a"))
                .isInstanceOf(PracticeLimitReached.class)
                .hasMessage("practice practice-a is at its limit of 1 desktops shown at once; tap out elsewhere or wait, then tap again "
                        + "(an administrator sets the practice's limits)");
        assertThat(rows("taps", "tenant_id", "tap_id")).as("the refused tap is not kept: its retry decides afresh")
                .containsExactly("practice-a a-1");
        assertThat(tap(B, "cart-1", "b-1")).isInstanceOf(TapDecision.Connect.class);
        assertThat(tap(B, "cart-2", "b-2")).as("B shows no more than before: a move").isInstanceOf(TapDecision.Connect.class);
        assertThat(tap(A, "cart-2", "a-3")).as("a takeover moves a desktop A shows already: within the limit")
                .isInstanceOf(TapDecision.Connect.class);
    }

    /** Every row of {@code table}, all practices', as the named columns joined by spaces (read in the service mode). */
    List<String> rows(String table, String... columns) throws SQLException {
        return Tx.asService(db, "test", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", columns) + " FROM " + table);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (String col : columns) row.put(col, rs.getString(col));
                    out.add(String.join(" ", row.values()));
                }
            }
            return out;
        });
    }
}
