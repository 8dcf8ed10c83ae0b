package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.store.Database;
import org.rounds.broker.takeover.DecisionPhases.Phase;

/**
 * A slow tap's time lands in the phase that held it: the old endpoint's acknowledgement, the
 * user's lock on this broker, another broker's claim; and what no phase claims is work.
 */
@Tag("unit")
class DecisionPhasesTest extends TakeoverFixture {
    private static final long HELD_MS = 300;

    @Override
    Database openDatabase() {
        return Database.inMemory();
    }

    /** A tap decided on another thread with its phases recorded, as the HTTP layer records them. */
    private CompletableFuture<DecisionPhases.Record> recordedTap(TapService broker, String endpoint, String tapId) {
        return CompletableFuture.supplyAsync(() -> {
            try (DecisionPhases.Record r = DecisionPhases.begin()) {
                long start = System.nanoTime();
                assertThat(broker.tap(new TapRequest(endpoint, NURSE, tapId))).isInstanceOf(TapDecision.Connect.class);
                r.finish(System.nanoTime() - start);
                return r;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Holds the nurse's takeover from cart-1 to cart-2 on {@code holder} at its push for {@link #HELD_MS}, while {@code during} runs. */
    private DecisionPhases.Record heldTakeover(TapService holder, CountDownLatch pushed, CountDownLatch ack,
                                               Runnable during) throws Exception {
        assertThat(holder.tap(new TapRequest("cart-1", NURSE, "t1"))).isInstanceOf(TapDecision.Connect.class);
        CompletableFuture<DecisionPhases.Record> first = recordedTap(holder, "cart-2", "t2");
        assertThat(pushed.await(10, TimeUnit.SECONDS)).isTrue();
        during.run();
        Thread.sleep(HELD_MS);
        ack.countDown();
        return first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTakeoverWaitingForTheOldEndpointCountsTheWaitAsBlank() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), ack = new CountDownLatch(1);
        List<Integer> active = Collections.synchronizedList(new ArrayList<>());
        DecisionPhases.Record r = heldTakeover(broker("b1", slowAcker(pushed, ack, active)), pushed, ack, () -> {});

        assertThat(r.nanos(Phase.BLANK)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HELD_MS));
        assertThat(r.nanos(Phase.USER_LOCK)).isZero();
        assertThat(r.nanos(Phase.CLAIM_WAIT)).isZero();
        assertThat(r.nanos(Phase.DESKTOP)).as("the desktop handed over").isPositive();
        assertThat(r.summary()).startsWith("blank ").contains("work");
    }

    @Test
    void aTapBehindAnotherOfItsUserOnThisBrokerCountsTheWaitAsUserLock() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), ack = new CountDownLatch(1);
        TapService broker = broker("b1", slowAcker(pushed, ack, Collections.synchronizedList(new ArrayList<>())));
        List<CompletableFuture<DecisionPhases.Record>> second = new ArrayList<>();
        heldTakeover(broker, pushed, ack, () -> second.add(recordedTap(broker, "cart-3", "t3")));

        DecisionPhases.Record r = second.get(0).get(10, TimeUnit.SECONDS);
        assertThat(r.nanos(Phase.USER_LOCK)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HELD_MS - 50));
        assertThat(r.nanos(Phase.CLAIM_WAIT)).as("its claim was over before the lock was given").isZero();
    }

    @Test
    void aTapBehindAnotherBrokersClaimCountsTheWaitAsClaimWait() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), ack = new CountDownLatch(1);
        TapService b1 = broker("b1", slowAcker(pushed, ack, Collections.synchronizedList(new ArrayList<>())));
        List<CompletableFuture<DecisionPhases.Record>> second = new ArrayList<>();
        heldTakeover(b1, pushed, ack, () -> second.add(recordedTap(broker("b2", acking()), "cart-3", "t3")));

        DecisionPhases.Record r = second.get(0).get(10, TimeUnit.SECONDS);
        assertThat(r.nanos(Phase.CLAIM_WAIT)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HELD_MS - 100));
        assertThat(r.nanos(Phase.USER_LOCK)).isZero();
    }

    @Test
    void whatNoPhaseClaimsIsWorkAndTheSummaryLeavesOutPhasesUnderAMillisecond() {
        try (DecisionPhases.Record r = DecisionPhases.begin()) {
            DecisionPhases.add(Phase.ADMISSION, 3_000_000);
            DecisionPhases.add(Phase.USER_LOCK, 250_400_000);
            DecisionPhases.add(Phase.TURN, 400_000);
            r.finish(265_000_000);
            assertThat(r.nanos(Phase.WORK)).isEqualTo(11_200_000);
            assertThat(r.summary()).isEqualTo("admission 3, user-lock 250, work 11 ms");
        }
        DecisionPhases.add(Phase.ADMISSION, 1);   // no record on this thread now: nothing to add to, and no failure
    }
}
