package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.SlowHash;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;

/**
 * PINs and passwords, as part of {@link TapServiceContract} (on H2 and PostgreSQL): a PIN after a
 * tap outside the grace period, lockout after five wrong ones, password login; no secret in clear.
 */
interface PinContract {
    Database db();

    Directory directory();

    TapService taps();

    /** A tap service on the same store with another policy. */
    TapService taps(org.rounds.broker.auth.AuthPolicy policy);

    String keyOf(String badge);

    String DOCTOR_BADGE = "0477000001";

    default void enrollDoctorWithPin() throws Exception {
        directory().enroll("doctor", "Dr. Louis Martin", keyOf(DOCTOR_BADGE), Instant.now());
        directory().setSecret("doctor", true, SlowHash.hash("2468"), Instant.now());
        directory().setSecret("doctor", false, SlowHash.hash("correct horse"), Instant.now());
        directory().registerEndpoint("cart-1", "cart", "Ward 4", Instant.now());
        directory().registerEndpoint("cart-2", "cart", "Ward 4", Instant.now());
    }

    @Test
    default void aTapAsksForThePinThenTheRightPinConnectsAndTheGracePeriodSkipsIt() throws Exception {
        enrollDoctorWithPin();
        TapDecision asked = taps().tap(new TapRequest("cart-1", DOCTOR_BADGE, "t-1"));
        assertThat(asked).isInstanceOfSatisfying(TapDecision.PinRequired.class, p -> {
            assertThat(p.userId()).isEqualTo("doctor");
            assertThat(p.displayName()).isEqualTo("Dr. Louis Martin");
            assertThat(p.attemptsLeft()).isEqualTo(5);
        });
        assertThat(Rows.all(db(), "desktop_sessions")).as("no session claimed before the PIN")
                .allSatisfy(r -> assertThat(r.get("owner_endpoint")).isNull());
        String token = ((TapDecision.PinRequired) asked).pinToken();

        TapDecision connected = taps().enterPin(new PinEntry("cart-1", token, "2468", "p-1"));
        assertThat(connected).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(1));
        assertThat(taps().enterPin(new PinEntry("cart-1", token, "2468", "p-1"))).as("a retried id replays").isEqualTo(connected);
        assertThat(taps().enterPin(new PinEntry("cart-1", token, "2468", "p-2")))
                .as("a used request is gone").isEqualTo(new TapDecision.Denied("the PIN request expired; tap again"));

        // within the grace period a tap elsewhere takes the session over without a PIN
        assertThat(taps().tap(new TapRequest("cart-2", DOCTOR_BADGE, "t-2"))).isInstanceOf(TapDecision.Connect.class);
        assertThat(Rows.auditKinds(db())).containsSubsequence("pin-required", "pin-ok", "connect", "takeover");
        assertThat(Rows.everything(db()).toString()).doesNotContainPattern("(?<![A-Za-z0-9+/])2468(?![A-Za-z0-9+/=])")  /* as a value, not inside base64 */.doesNotContain("correct horse");
    }

    /** Was "...LockTheUserOutUntilANewPinIsSet", which locked her out on every cart: now only where the guesses came from. */
    @Test
    default void fiveWrongPinsLockTheUserOutOnlyWhereTheyCameFromUntilANewPinIsSet() throws Exception {
        enrollDoctorWithPin();
        String token = ((TapDecision.PinRequired) taps().tap(new TapRequest("cart-1", DOCTOR_BADGE, "t-1"))).pinToken();
        for (int left = 4; left >= 1; left--) {
            TapDecision d = taps().enterPin(new PinEntry("cart-1", token, "1111", "p-" + left));
            int expected = left;
            assertThat(d).isInstanceOfSatisfying(TapDecision.PinRequired.class, p -> assertThat(p.attemptsLeft()).isEqualTo(expected));
        }
        TapDecision locked = taps().enterPin(new PinEntry("cart-1", token, "1111", "p-0"));
        assertThat(locked).isInstanceOfSatisfying(TapDecision.Denied.class,
                d -> assertThat(d.reason()).startsWith("locked out after 5 wrong PINs or passwords until "));
        assertThat(taps().tap(new TapRequest("cart-1", DOCTOR_BADGE, "t-2"))).isInstanceOf(TapDecision.Denied.class);
        assertThat(taps().passwordLogin(new PasswordLogin("cart-1", "doctor", "correct horse", "l-1")))
                .as("the right password does not lift a lockout").isInstanceOf(TapDecision.Denied.class);
        assertThat(Rows.auditKinds(db())).contains("lockout");
        assertThat(taps().tap(new TapRequest("cart-2", DOCTOR_BADGE, "t-3")))
                .as("another cart is another source: not locked out, all attempts left")
                .isInstanceOfSatisfying(TapDecision.PinRequired.class, p -> assertThat(p.attemptsLeft()).isEqualTo(5));
        assertThat(Rows.all(db(), "auth_failures")).singleElement().satisfies(r -> {
            assertThat(r.get("source")).isEqualTo("endpoint:cart-1");
            assertThat(r.get("locked_until")).isNotNull();
        });

        directory().setSecret("doctor", true, SlowHash.hash("1357"), Instant.now());
        assertThat(Rows.all(db(), "auth_failures")).as("a new PIN ends every lockout").isEmpty();
        assertThat(taps().tap(new TapRequest("cart-1", DOCTOR_BADGE, "t-4"))).isInstanceOf(TapDecision.PinRequired.class);
    }

    @Test
    default void wrongPasswordsFromOneSourceLeaveTheRightPasswordWorkingFromAnother() throws Exception {
        enrollDoctorWithPin();
        for (int i = 0; i < 5; i++) taps().passwordLogin(new PasswordLogin("cart-1", "doctor", "guess " + i, "g-" + i), "addr:192.0.2.66");
        assertThat(taps().passwordLogin(new PasswordLogin("cart-1", "doctor", "correct horse", "g-5"), "addr:192.0.2.66"))
                .as("the guessing source is locked out").isInstanceOf(TapDecision.Denied.class);
        assertThat(taps().passwordLogin(new PasswordLogin("cart-2", "doctor", "correct horse", "l-1"), "cert:cart-2"))
                .isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.userId()).isEqualTo("doctor"));
        assertThat(Rows.all(db(), "audit")).filteredOn(r -> "lockout".equals(r.get("kind"))).singleElement()
                .satisfies(r -> assertThat(r.get("detail")).isEqualTo("5 wrong PINs or passwords from addr:192.0.2.66"));
        assertThat(Rows.all(db(), "auth_failures")).singleElement()
                .satisfies(r -> assertThat(r.get("source")).isEqualTo("addr:192.0.2.66"));
    }

    @Test
    default void lockoutsThatAreOverAreDroppedSoManySourcesLeaveFewRows() throws Exception {
        enrollDoctorWithPin();
        org.rounds.broker.auth.AuthPolicy d = org.rounds.broker.auth.AuthPolicy.DEFAULT;
        TapService instant = taps(new org.rounds.broker.auth.AuthPolicy(d.pinGrace(), 2, java.time.Duration.ZERO, d.pinTimeout()));
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 2; i++) {
                instant.passwordLogin(new PasswordLogin("cart-1", "doctor", "guess", "g-" + s + "-" + i), "addr:192.0.2." + s);
            }
        }
        assertThat(Rows.auditKinds(db())).filteredOn("lockout"::equals).hasSize(3);
        instant.passwordLogin(new PasswordLogin("cart-1", "doctor", "guess", "g-last"), "addr:198.51.100.1");
        assertThat(Rows.all(db(), "auth_failures")).singleElement().satisfies(r -> {
            assertThat(r.get("source")).isEqualTo("addr:198.51.100.1");
            assertThat(r.get("failed_attempts")).isEqualTo("1");
        });
    }

    @Test
    default void aPinRequestIsGoodOnlyOnTheEndpointThatAskedIt() throws Exception {
        enrollDoctorWithPin();
        String token = ((TapDecision.PinRequired) taps().tap(new TapRequest("cart-1", DOCTOR_BADGE, "t-1"))).pinToken();
        assertThat(taps().enterPin(new PinEntry("cart-2", token, "2468", "p-1")))
                .isEqualTo(new TapDecision.Denied("the PIN request expired; tap again"));
    }

    @Test
    default void passwordLoginConnectsWithoutABadgeAndWrongOnesSayNothingAboutWhoExists() throws Exception {
        enrollDoctorWithPin();
        TapDecision.Denied wrong = new TapDecision.Denied("wrong user id or password");
        assertThat(taps().passwordLogin(new PasswordLogin("cart-1", "doctor", "incorrect", "l-1"))).isEqualTo(wrong);
        assertThat(taps().passwordLogin(new PasswordLogin("cart-1", "nobody", "incorrect", "l-2"))).isEqualTo(wrong);
        assertThat(taps().passwordLogin(new PasswordLogin("cart-1", "doctor", "correct horse", "l-3")))
                .isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.userId()).isEqualTo("doctor"));
        // a full authentication: the next tap needs no PIN
        assertThat(taps().tap(new TapRequest("cart-2", DOCTOR_BADGE, "t-1"))).isInstanceOf(TapDecision.Connect.class);
        assertThat(Rows.auditKinds(db())).containsSubsequence("password-failed", "password-failed", "password-ok", "connect");
    }
}
