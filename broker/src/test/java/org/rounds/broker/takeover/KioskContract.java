package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;

/**
 * Kiosks, as part of {@link TapServiceContract} (so on H2 and on PostgreSQL): a kiosk gets its
 * shared account's desktop without a badge, takes no badges, and its account never roams.
 */
interface KioskContract {
    Database db();

    Directory directory();

    TapService taps();

    Fakes.Journal journal();

    default void registerKiosk(String id) throws SQLException {
        directory().registerEndpoint(id, "kiosk", "ER reception", Instant.now());
    }

    @Test
    default void aKioskGetsItsSharedAccountAndAGenerationPerStart() throws Exception {
        registerKiosk("er-kiosk");
        directory().assignKiosk("er-kiosk", "er-reception", "ER reception", Instant.now());

        TapDecision first = taps().kiosk(new KioskRequest("er-kiosk", "k-1"));
        TapDecision again = taps().kiosk(new KioskRequest("er-kiosk", "k-2"));   // after a drop

        assertThat(first).isInstanceOfSatisfying(TapDecision.Connect.class, c -> {
            assertThat(c.userId()).isEqualTo("er-reception");
            assertThat(c.generation()).isEqualTo(1);
        });
        assertThat(again).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(taps().kiosk(new KioskRequest("er-kiosk", "k-1"))).as("a retried id replays").isEqualTo(first);
        assertThat(journal().entries()).containsExactly("handOver er-reception", "handOver er-reception");
        Map<String, String> session = Rows.all(db(), "desktop_sessions").get(0);
        assertThat(session).containsEntry("user_id", "er-reception").containsEntry("owner_endpoint", "er-kiosk")
                .containsEntry("generation", "2");
        assertThat(Rows.auditKinds(db())).endsWith("kiosk-assigned", "kiosk-connect", "kiosk-connect");
    }

    @Test
    default void aKioskWithoutAnAccountOrACartAskingAreDeniedByName() throws Exception {
        registerKiosk("er-kiosk");
        directory().registerEndpoint("cart-1", "cart", "Ward 4", Instant.now());

        assertThat(taps().kiosk(new KioskRequest("er-kiosk", "k-1"))).isEqualTo(new TapDecision.Denied(
                "no shared account is assigned to kiosk er-kiosk (rounds broker kiosk --endpoint er-kiosk --user ID)"));
        assertThat(taps().kiosk(new KioskRequest("cart-1", "k-2")))
                .isEqualTo(new TapDecision.Denied("endpoint cart-1 is a cart, not a kiosk"));
        assertThat(journal().entries()).isEmpty();
        assertThat(Rows.count(db(), "desktop_sessions")).isZero();
    }

    @Test
    default void badgesAreRefusedOnKiosksAndTheSharedAccountNeverRoams() throws Exception {
        registerKiosk("er-kiosk");
        directory().registerEndpoint("cart-1", "cart", "Ward 4", Instant.now());
        directory().assignKiosk("er-kiosk", "er-reception", "ER reception", Instant.now());
        directory().enroll("nurse", "Nurse", "a".repeat(64), Instant.now());
        taps().kiosk(new KioskRequest("er-kiosk", "k-1"));
        // someone enrolled a badge for the shared account by mistake
        String badge = "0400000042";
        TapService t = taps();
        directory().enroll("er-reception", "ER reception", keyOf(badge), Instant.now());

        assertThat(t.tap(new TapRequest("cart-1", badge, "t-1"))).isEqualTo(
                new TapDecision.Denied("er-reception is a kiosk's shared account; it is used only on its kiosk"));
        List<Map<String, String>> sessions = Rows.all(db(), "desktop_sessions");
        assertThat(sessions).singleElement().satisfies(s -> assertThat(s).containsEntry("owner_endpoint", "er-kiosk"));
        assertThat(Rows.auditKinds(db())).endsWith("tap-refused");
    }

    /** The HMAC the broker stores for a badge id. */
    String keyOf(String badge);
}
