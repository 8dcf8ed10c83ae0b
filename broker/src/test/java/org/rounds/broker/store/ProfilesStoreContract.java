package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.takeover.Rows;

/**
 * Profiles, tap to enrol and lockouts on every store: versions are rows added, never updated,
 * and concurrent saves each get their own number; the effective profile is the assigned one,
 * else the default; an arming is taken by one tap, expires, and is one per endpoint; unlocking
 * one source leaves the others.
 */
abstract class ProfilesStoreContract {
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");
    private Database db;

    abstract Database openDatabase();

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        Directory d = new Directory(db);
        d.upsertUser("chloe", "Nurse Chloé Martin", NOW);
        for (String e : List.of("cart-1", "cart-2", "cart-3")) d.registerEndpoint(e, "cart", "Ward 4", NOW);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static ProfileSettings idle(int minutes) {
        return new ProfileSettings(minutes, "lock", true, "both", "en", List.of(), "");
    }

    @Test
    void everyChangeIsANewVersionRowAndAnAuditRow() throws Exception {
        Profiles p = new Profiles(db);
        assertThat(p.set("icu", idle(10), "ops", NOW).version()).isEqualTo(1);
        assertThat(p.set("icu", new ProfileSettings(3, "log-off", false, "off", "fr", List.of("https://a:1", "https://b:2"), "kiosk-er"),
                "ana", NOW.plusSeconds(60)).version()).isEqualTo(2);
        List<Profiles.Version> h = p.history("icu");
        assertThat(h).extracting(Profiles.Version::version).containsExactly(2, 1);
        assertThat(h.get(0).settings().brokers()).containsExactly("https://a:1", "https://b:2");
        assertThat(h.get(0).settings().kioskAccount()).isEqualTo("kiosk-er");
        assertThat(h.get(0).changedBy()).isEqualTo("ana");
        assertThat(h.get(0).changedAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(h.get(1).settings()).isEqualTo(idle(10));
        assertThat(Rows.all(db, "profile_versions")).hasSize(2);
        assertThat(Rows.all(db, "audit")).filteredOn(r -> "profile-changed".equals(r.get("kind"))).extracting(r -> r.get("actor"))
                .containsExactly("ops", "ana");
        assertThatThrownBy(() -> p.set("icu", idle(-1), "ops", NOW)).hasMessage("idleLockMinutes must be 0..1440 (0: never lock), not -1");
        assertThat(p.history("nope")).isEmpty();
    }

    @Test
    void concurrentSavesOfOneProfileEachGetTheirOwnVersion() throws Exception {
        Profiles p = new Profiles(db);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Integer>> saves = List.of(() -> p.set("icu", idle(1), "a", NOW).version(),
                    () -> p.set("icu", idle(2), "b", NOW).version());
            List<Integer> versions = new java.util.ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(saves)) versions.add(f.get());
            assertThat(versions).containsExactlyInAnyOrder(1, 2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theEffectiveProfileIsTheAssignedOneElseTheDefault() throws Exception {
        Profiles p = new Profiles(db);
        assertThat(p.effective("cart-1")).isEmpty();
        p.set(Profiles.DEFAULT, idle(5), "ops", NOW);
        p.set("icu", idle(10), "ops", NOW);
        assertThat(p.assign("icu", List.of("cart-1", "cart-1"), "ops", NOW)).isTrue();
        assertThat(p.assign("nope", List.of("cart-2"), "ops", NOW)).isFalse();
        assertThat(p.effective("cart-1").map(Profiles.Version::name)).contains("icu");
        assertThat(p.effective("cart-2").map(Profiles.Version::name)).contains(Profiles.DEFAULT);
        assertThat(p.endpointsOf("icu")).containsExactly("cart-1");
        assertThat(p.endpointsOf(Profiles.DEFAULT)).containsExactlyInAnyOrder("cart-2", "cart-3");
        p.set("icu", idle(12), "ops", NOW);
        assertThat(p.effective("cart-1").map(Profiles.Version::version)).as("follows the newest").contains(2);
        assertThat(p.list()).extracting(l -> l.current().name() + "=" + l.endpoints()).containsExactly("default=0", "icu=1");
    }

    @Test
    void anArmingIsTakenByOneTapExpiresAndIsOnePerEndpoint() throws Exception {
        new Directory(db).upsertUser("amina", "Nurse Amina Diallo", NOW);
        TapEnrolments t = new TapEnrolments(db);
        TapEnrolments.Status armed = t.arm("chloe", "cart-1", "hugo", NOW);
        assertThat(armed.state()).isEqualTo(TapEnrolments.State.ARMED);
        assertThat(armed.expiresAt()).isEqualTo(NOW.plus(TapEnrolments.LIFETIME));
        assertThatThrownBy(() -> t.arm("amina", "cart-1", "hugo", NOW)).isInstanceOfSatisfying(TapEnrolments.Refused.class,
                r -> assertThat(r.status).isEqualTo(409));
        assertThat(t.arm("chloe", "cart-1", "hugo", NOW.plusSeconds(30)).expiresAt()).as("the same user: armed afresh")
                .isEqualTo(NOW.plusSeconds(30).plus(TapEnrolments.LIFETIME));

        List<BadgeTags.Tag> tags = List.of(new BadgeTags.Tag("cd".repeat(32), "k1"));
        boolean bound = Tx.run(db, c -> TapEnrolments.bind(c, TapEnrolments.armedFor(c, "cart-1", NOW.plusSeconds(40)).orElseThrow(),
                tags, NOW.plusSeconds(40)));
        assertThat(bound).isTrue();
        Optional<Directory.User> owner = Tx.run(db, c -> Directory.userByBadge(c, "cd".repeat(32)));
        assertThat(owner).map(Directory.User::id).contains("chloe");
        assertThat(t.status("chloe", NOW.plusSeconds(41)).map(TapEnrolments.Status::state)).contains(TapEnrolments.State.BOUND);
        Optional<TapEnrolments.Status> taken = Tx.run(db, c -> TapEnrolments.armedFor(c, "cart-1", NOW.plusSeconds(41)));
        assertThat(taken).as("taken").isEmpty();

        t.arm("amina", "cart-2", "hugo", NOW);
        Duration past = TapEnrolments.LIFETIME;
        Optional<TapEnrolments.Status> expired = Tx.run(db, c -> TapEnrolments.armedFor(c, "cart-2", NOW.plus(past)));
        assertThat(expired).as("expired").isEmpty();
        assertThat(t.status("amina", NOW.plus(past)).map(TapEnrolments.Status::state)).contains(TapEnrolments.State.EXPIRED);
        assertThat(t.status("nobody", NOW)).isEmpty();
        new Directory(db).registerEndpoint("er-kiosk", "kiosk", "ER", NOW);
        assertThatThrownBy(() -> t.arm("amina", "er-kiosk", "hugo", NOW)).isInstanceOfSatisfying(TapEnrolments.Refused.class, r -> {
            assertThat(r.status).isEqualTo(409);
            assertThat(r.getMessage()).isEqualTo("endpoint er-kiosk is a kiosk, which takes no badges; choose a cart, tablet or workstation");
        });
    }

    @Test
    void unlockingOneSourceLeavesTheOthersLocked() throws Exception {
        Tx.run(db, c -> {
            for (String source : List.of("cert:cart-1", "addr:10.0.0.9")) {
                for (int i = 0; i < 5; i++) Credentials.failed(c, "chloe", source, 5, Duration.ofMinutes(15), NOW);
            }
            return null;
        });
        Lockouts l = new Lockouts(db);
        assertThat(l.of("chloe")).extracting(Lockouts.BySource::source).containsExactly("addr:10.0.0.9", "cert:cart-1");
        assertThat(l.of("chloe")).allSatisfy(s -> assertThat(s.lockedUntil()).contains(NOW.plus(Duration.ofMinutes(15))));
        assertThat(l.clear("chloe", Optional.of("cert:cart-1"), "hugo", NOW)).isEqualTo(1);
        assertThat(l.of("chloe")).extracting(Lockouts.BySource::source).containsExactly("addr:10.0.0.9");
        assertThat(l.clear("chloe", Optional.empty(), "hugo", NOW)).isEqualTo(1);
        assertThat(l.of("chloe")).isEmpty();
        assertThat(l.clear("nobody", Optional.empty(), "hugo", NOW)).isEqualTo(-1);
        assertThat(Rows.all(db, "audit")).filteredOn(r -> "unlocked".equals(r.get("kind"))).hasSize(2);
    }
}
