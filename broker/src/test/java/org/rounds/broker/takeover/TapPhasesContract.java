package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.PushEvent;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;

/**
 * A tap in two short transactions (issue 20): nothing holds a database connection while the old
 * endpoint blanks; a broker cut off between claim and answer is resumed by the endpoint's retry
 * at one session; a claim nobody finishes lapses; two brokers racing for one user leave the
 * session on one endpoint and tell the other. Run on H2 and on PostgreSQL.
 */
abstract class TapPhasesContract extends TakeoverFixture {
    @Test
    void noConnectionIsHeldWhileTheOldEndpointHasNotAcknowledgedAndAnotherUsersTapIsAnsweredMeanwhile() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), ack = new CountDownLatch(1);
        List<Integer> active = Collections.synchronizedList(new ArrayList<>());
        TapService broker = broker("b1", slowAcker(pushed, ack, active));
        assertThat(broker.tap(new TapRequest("cart-1", NURSE, "t1"))).isInstanceOf(TapDecision.Connect.class);

        CompletableFuture<TapDecision> takeover = tapAsync(broker, "cart-2", NURSE, "t2");
        assertThat(pushed.await(10, TimeUnit.SECONDS)).as("cart-1 told the session moved").isTrue();
        TapDecision doctor = broker.tap(new TapRequest("cart-3", DOCTOR, "t3"));

        assertThat(active).as("connections borrowed while cart-1 had not acknowledged").containsExactly(0);
        assertThat(doctor).as("another user's tap, meanwhile").isInstanceOfSatisfying(TapDecision.Connect.class,
                c -> assertThat(c.userId()).isEqualTo("doctor"));
        assertThat(takeover).as("the nurse's new endpoint gets nothing before the old one blanked").isNotDone();
        assertThat(journal.entries()).as("her desktop not handed over yet").containsExactly("handOver nurse", "handOver doctor");
        ack.countDown();
        assertThat(takeover.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(TapDecision.Connect.class,
                c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(journal.entries()).endsWith("push cart-1", "handOver nurse");
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-2").containsEntry("generation", "2")
                .containsEntry("claim_tap", null);
    }

    @Test
    void aBrokerCutOffBetweenClaimAndAnswerIsResumedByTheRetryOfTheSameTapAtOneSession() throws Exception {
        TapService dying = broker("b1", (endpoint, event, wait) -> {
            throw new IllegalStateException("broker b1 stopped mid-tap");
        });
        TapService other = broker("b2", acking());
        assertThat(dying.tap(new TapRequest("cart-1", NURSE, "t1"))).isInstanceOf(TapDecision.Connect.class);

        assertThatThrownBy(() -> dying.tap(new TapRequest("cart-2", NURSE, "t2"))).hasMessageContaining("stopped mid-tap");
        assertThat(session("nurse")).as("claimed for cart-2, not answered").containsEntry("owner_endpoint", "cart-2")
                .containsEntry("generation", "2").containsEntry("claim_tap", "t2");

        TapDecision resumed = other.tap(new TapRequest("cart-2", NURSE, "t2"));

        assertThat(resumed).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(heardBy).as("the old endpoint told before the new one is answered").containsExactly("cart-1");
        assertThat(journal.entries()).containsExactly("handOver nurse", "push cart-1", "handOver nurse");
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-2").containsEntry("generation", "2")
                .containsEntry("claim_tap", null);
        assertThat(Rows.count(db, "desktop_sessions")).as("one session").isEqualTo(1);
        assertThat(Rows.auditKinds(db).stream().filter(k -> k.equals("takeover")).count()).as("one takeover").isEqualTo(1);
        assertThat(dying.tap(new TapRequest("cart-2", NURSE, "t2"))).as("a further retry, on the first broker").isEqualTo(resumed);
    }

    @Test
    void theRetryResumesAtOnceTheClaimOfABrokerThatIsGoneAndOneSessionResults() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), never = new CountDownLatch(1);
        TapService hung = broker("b1", slowAcker(pushed, never, new ArrayList<>()));
        TapService other = broker("b2", acking(), java.util.Set.of("b1"));
        assertThat(other.tap(new TapRequest("cart-1", NURSE, "t1"))).isInstanceOf(TapDecision.Connect.class);
        CompletableFuture<TapDecision> stuck = tapAsync(hung, "cart-2", NURSE, "t2");
        assertThat(pushed.await(10, TimeUnit.SECONDS)).isTrue();

        TapDecision resumed = other.tap(new TapRequest("cart-2", NURSE, "t2"));   // the endpoint's retry, within the claim's term

        assertThat(resumed).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.generation()).isEqualTo(2));
        assertThat(heardBy).containsExactly("cart-1");
        never.countDown();
        assertThat(stuck.get(10, TimeUnit.SECONDS)).as("the broker taken for gone answers what was answered").isEqualTo(resumed);
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-2").containsEntry("generation", "2")
                .containsEntry("claim_tap", null);
        assertThat(Rows.count(db, "desktop_sessions")).isEqualTo(1);
    }

    @Test
    void aClaimNobodyFinishesLapsesAndItsTapIsThenToldWhereTheSessionWent() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), never = new CountDownLatch(1);
        TapService hung = broker("b1", slowAcker(pushed, never, new ArrayList<>()));
        TapService other = broker("b2", acking());
        assertThat(other.tap(new TapRequest("cart-1", NURSE, "t1"))).isInstanceOf(TapDecision.Connect.class);
        CompletableFuture<TapDecision> stuck = tapAsync(hung, "cart-2", NURSE, "t2");
        assertThat(pushed.await(10, TimeUnit.SECONDS)).isTrue();

        clock.advance(TapClaims.TERM.plusSeconds(1));
        TapDecision later = other.tap(new TapRequest("cart-3", NURSE, "t3"));

        assertThat(later).as("the user is not blocked for ever").isInstanceOfSatisfying(TapDecision.Connect.class,
                c -> assertThat(c.generation()).isEqualTo(3));
        assertThat(heardBy).as("cart-1 still showed the desktop: it is told, cart-2 never painted").containsExactly("cart-1");
        never.countDown();
        assertThat(stuck.get(10, TimeUnit.SECONDS)).as("the lapsed claim's tap gets no desktop")
                .isEqualTo(new TapDecision.Lock("nurse", "cart-3"));
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-3").containsEntry("generation", "3")
                .containsEntry("claim_tap", null);
        assertThat(Rows.auditKinds(db)).endsWith("takeover", "takeover", "handover-overtaken");
    }

    @Test
    void twoTapsOfOneUserOnTwoBrokersRacingLeaveTheSessionOnOneEndpointAndTellTheOther() throws Exception {
        TapService b1 = broker("b1", acking()), b2 = broker("b2", acking());
        for (int round = 1; round <= 5; round++) {
            assertThat(b1.tap(new TapRequest("cart-1", NURSE, "s" + round))).as("the session on cart-1 first")
                    .isInstanceOf(TapDecision.Connect.class);
            heard.clear();
            heardBy.clear();
            CompletableFuture<TapDecision> on2 = tapAsync(b1, "cart-2", NURSE, "a" + round);
            CompletableFuture<TapDecision> on3 = tapAsync(b2, "cart-3", NURSE, "b" + round);
            TapDecision d2 = on2.get(20, TimeUnit.SECONDS), d3 = on3.get(20, TimeUnit.SECONDS);

            Map<String, String> s = session("nurse");
            String winner = s.get("owner_endpoint"), loser = winner.equals("cart-2") ? "cart-3" : "cart-2";
            TapDecision won = winner.equals("cart-2") ? d2 : d3, lost = winner.equals("cart-2") ? d3 : d2;
            assertThat(winner).isIn("cart-2", "cart-3");
            assertThat(s.get("claim_tap")).isNull();
            assertThat(won).isInstanceOfSatisfying(TapDecision.Connect.class,
                    c -> assertThat(c.generation()).isEqualTo(Long.parseLong(s.get("generation"))));
            // the loser was either answered first and then told it moved, or told where the session went instead of a desktop
            boolean toldByPush = heard.stream().anyMatch(m -> m.toEndpoint().equals(winner) && m.generation() == Long.parseLong(s.get("generation")))
                    && heardBy.contains(loser);
            assertThat(toldByPush || lost.equals(new TapDecision.Lock("nurse", winner))).as("round %d: %s told it moved (%s, %s)",
                    round, loser, lost, heardBy).isTrue();
        }
    }
}
