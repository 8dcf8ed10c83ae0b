package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;

/**
 * Idle locks and the reconnect window in the store, as part of {@link TapServiceContract} (on H2
 * and PostgreSQL, so migration V8 runs on both), with a desktop pool that cannot see its viewers.
 */
interface SessionContract {
    Database db();

    Directory directory();

    BadgeKey key();

    String NURSE_BADGE = "0412345678";

    /** A tap service on a clock the test moves, its pool and push recording into {@code journal}. */
    private TapService onClock(MovableClock clock, Fakes.Journal journal) throws Exception {
        directory().enroll("nurse", "Nurse Amina Diallo", key().hmac(NURSE_BADGE), clock.instant());
        directory().registerEndpoint("cart-1", "cart", "Ward 4", clock.instant());
        directory().registerEndpoint("cart-2", "cart", "Ward 4", clock.instant());
        return new TapService(db(), key(), new Fakes.Pool(journal), new Fakes.Push(journal), clock, new ObjectMapper());
    }

    private Map<String, String> nurseSession() throws Exception {
        return Rows.all(db(), "desktop_sessions").get(0);
    }

    @Test
    default void anIdleLockEndsOwnershipRevokesTheTokenCutsTheViewerAndIsAudited() throws Exception {
        MovableClock clock = new MovableClock();
        Fakes.Journal journal = new Fakes.Journal();
        TapService taps = onClock(clock, journal);
        TapDecision.Connect shown = (TapDecision.Connect) taps.tap(new TapRequest("cart-1", NURSE_BADGE, "tap-1"));

        SessionReliability.IdleLock outcome = taps.sessions().idleLock(new IdleLockReport("cart-1", "nurse",
                shown.generation(), shown.reconnectToken(), Instant.parse("2026-12-06T08:05:00Z")));

        assertThat(outcome).isEqualTo(SessionReliability.IdleLock.LOCKED);
        assertThat(nurseSession()).containsEntry("owner_endpoint", null).containsEntry("generation", "2")
                .containsEntry("state", "idle-locked");
        assertThat(journal.entries()).containsExactly("handOver nurse", "disconnect nurse");
        assertThat(Rows.all(db(), "audit")).filteredOn(r -> "idle-lock".equals(r.get("kind"))).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("user_id", "nurse").containsEntry("endpoint_id", "cart-1")
                        .hasEntrySatisfying("detail", d -> assertThat(d).contains("2026-12-06T08:05:00Z")
                                .doesNotContain(shown.reconnectToken())));

        assertThat(taps.sessions().reconnect(new ReconnectRequest("cart-1", "nurse", shown.generation(), shown.reconnectToken())))
                .as("the old token").isInstanceOf(TapDecision.Denied.class);
        assertThat(taps.tap(new TapRequest("cart-1", NURSE_BADGE, "tap-2"))).as("the next tap on that cart")
                .isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(3));
        assertThat(Rows.auditKinds(db())).doesNotContain("tap-out");
    }

    @Test
    default void anIdleLockFromAnEndpointThatDoesNotOwnTheSessionChangesNothing() throws Exception {
        MovableClock clock = new MovableClock();
        Fakes.Journal journal = new Fakes.Journal();
        TapService taps = onClock(clock, journal);
        TapDecision.Connect shown = (TapDecision.Connect) taps.tap(new TapRequest("cart-1", NURSE_BADGE, "tap-1"));
        Map<String, List<Map<String, String>>> before = Rows.everything(db());

        for (IdleLockReport r : List.of(
                new IdleLockReport("cart-2", "nurse", shown.generation(), shown.reconnectToken(), clock.instant()),
                new IdleLockReport("cart-1", "nurse", shown.generation(), "not-the-token", clock.instant()),
                new IdleLockReport("cart-1", "nurse", shown.generation() - 1, shown.reconnectToken(), clock.instant()))) {
            assertThat(taps.sessions().idleLock(r)).as("%s", r).isEqualTo(SessionReliability.IdleLock.NOT_OWNER);
        }
        assertThat(Rows.everything(db())).isEqualTo(before);
        assertThat(journal.entries()).containsExactly("handOver nurse");
    }

    @Test
    default void withAPoolBlindToItsViewersTheWindowRunsFromTheFirstReconnectOfAGeneration() throws Exception {
        MovableClock clock = new MovableClock();
        TapService taps = onClock(clock, new Fakes.Journal());
        TapDecision.Connect shown = (TapDecision.Connect) taps.tap(new TapRequest("cart-1", NURSE_BADGE, "tap-1"));
        ReconnectRequest again = new ReconnectRequest("cart-1", "nurse", shown.generation(), shown.reconnectToken());

        clock.advance(Duration.ofMinutes(30));
        assertThat(taps.sessions().reconnect(again)).as("first sight of the drop").isInstanceOf(TapDecision.Connect.class);
        clock.advance(Duration.ofSeconds(179));
        assertThat(taps.sessions().reconnect(again)).as("179 s later").isInstanceOf(TapDecision.Connect.class);
        clock.advance(Duration.ofSeconds(2));
        assertThat(taps.sessions().reconnect(again)).as("181 s later").isInstanceOf(TapDecision.Denied.class);
        assertThat(Rows.auditKinds(db())).containsSubsequence("connect", "reconnect", "reconnect", "reconnect-expired");
        assertThat(nurseSession()).containsEntry("owner_endpoint", null).containsEntry("generation", "2");
    }
}
