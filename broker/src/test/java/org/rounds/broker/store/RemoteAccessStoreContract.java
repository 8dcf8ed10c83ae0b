package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.broker.auth.SecretSeal;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Rows;

/**
 * The store's side of remote access on every store: gateways' codes and certificates, a TOTP
 * code step good once (one winner among racing sign-ins, a retry of the same sign-in passing
 * again), and tunnel tickets used once and only before they expire.
 */
abstract class RemoteAccessStoreContract {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private Database db;

    abstract Database openDatabase();

    @BeforeEach
    void open() throws Exception {
        db = openDatabase();
        new Directory(db).enroll("doctor", "Dr. Louis Martin", "ab".repeat(32), NOW);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aGatewaysCodeIsUsedOnceAndItsCertificateStandsForItUntilRevoked() throws Exception {
        Gateways gateways = new Gateways(db);
        String code = gateways.add("gw-1", NOW, "local:test");
        Optional<String> redeemed = Tx.run(db, c -> {
            Optional<String> g = Gateways.redeem(c, code, NOW);
            Gateways.issued(c, g.orElseThrow(), "ABC123", NOW, NOW.plus(Duration.ofDays(365)));
            return g;
        });
        assertThat(redeemed).contains("gw-1");
        Optional<String> again = Tx.run(db, c -> Gateways.redeem(c, code, NOW));
        assertThat(again).as("used").isEmpty();
        assertThat(gateways.enrolledGateway("abc123")).contains("gw-1");
        assertThat(gateways.listed()).containsExactly(new Gateways.Listed("gw-1", "enrolled", 1, NOW.toString()));
        assertThat(gateways.revoke("gw-1", NOW, "local:test")).isTrue();
        assertThat(gateways.enrolledGateway("abc123")).isEmpty();
        assertThat(gateways.listed()).isEmpty();
    }

    @Test
    void aCodeStepIsAcceptedOnceOnlyLaterStepsPassAndTheSameSignInPassesAgain() throws Exception {
        OutsideAccess access = new OutsideAccess(db, SecretSeal.ephemeral(), java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        String uri = access.enrolTotp("doctor", "local:test").orElseThrow();
        assertThat(access.enrolTotp("nobody", "local:test")).isEmpty();
        Optional<OutsideAccess.Standing> standing = Tx.run(db, c -> OutsideAccess.standing(c, "doctor"));
        OutsideAccess.Standing s = standing.orElseThrow();
        assertThat(s.allowed()).as("refused until allowed").isFalse();
        assertThat(access.secret("doctor", s.sealedSecret().orElseThrow())).isEqualTo(Totp.secretOf(uri));
        assertThat(access.setAllowed("doctor", true, "local:test")).isTrue();

        assertThat(step(100, "s-1")).isTrue();
        assertThat(step(100, "s-2")).as("the same code, another sign-in").isFalse();
        assertThat(step(100, "s-1")).as("the same sign-in retried").isTrue();
        assertThat(step(99, "s-3")).as("an earlier code").isFalse();
        assertThat(step(101, "s-3")).isTrue();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String tap = "race-" + i;
                racing.add(pool.submit((Callable<Boolean>) () -> step(102, tap)));
            }
            int won = 0;
            for (Future<Boolean> f : racing) won += f.get() ? 1 : 0;
            assertThat(won).as("one code, one sign-in").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean step(long step, String tapId) throws Exception {
        Boolean accepted = Tx.run(db, c -> OutsideAccess.acceptStep(c, "doctor", step, tapId));
        return accepted;
    }

    @Test
    void aTicketOpensOneTunnelBeforeItExpiresAndOnlyItsHashIsKept() throws Exception {
        String ticket = Tx.run(db, c -> TunnelTickets.issue(c, "doctor", "10.20.0.11", 5901, NOW));
        assertThat(Rows.everything(db).toString()).doesNotContain(ticket);
        assertThat(redeem(ticket, NOW.plusSeconds(59))).contains(new TunnelTarget("10.20.0.11", 5901, "doctor"));
        assertThat(redeem(ticket, NOW.plusSeconds(59))).as("used").isEmpty();
        String late = Tx.run(db, c -> TunnelTickets.issue(c, "doctor", "10.20.0.11", 5901, NOW));
        assertThat(redeem(late, NOW.plusSeconds(60))).as("expired").isEmpty();
        assertThat(redeem("not-a-ticket", NOW)).isEmpty();
    }

    @Test
    void aTicketKeepsTheHostPinAndOneTimePasswordUntilRedeemed() throws Exception {
        String pin = "ab".repeat(32);
        String ticket = Tx.run(db, c -> TunnelTickets.issue(c, "doctor", new org.rounds.broker.api.DesktopAddress("10.20.0.11", 5901, "pw-once-7", pin), NOW));
        assertThat(Rows.everything(db).toString()).as("sealed under the ticket, which the store does not hold")
                .doesNotContain("pw-once-7").doesNotContain(ticket).contains(pin);
        assertThat(redeem(ticket, NOW.plusSeconds(1))).contains(new TunnelTarget("10.20.0.11", 5901, "doctor", pin, "pw-once-7"));
        assertThat(Rows.everything(db).toString()).as("gone with the ticket").doesNotContain("pw-once-7");
    }

    private Optional<TunnelTarget> redeem(String ticket, Instant at) throws Exception {
        return Tx.run(db, c -> TunnelTickets.redeem(c, ticket, at));
    }
}
