package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.store.Database;

/**
 * A tap waiting for another broker's tap of its user stops when its caller stops waiting, not
 * after the broker's own bound: the endpoint has gone to another broker by then.
 */
@Tag("unit")
class CallerDeadlineTest extends TakeoverFixture {
    @Override
    Database openDatabase() {
        return Database.inMemory();
    }

    @Test
    void aTapBehindAnotherBrokersClaimGivesUpAtItsCallersDeadline() throws Exception {
        CountDownLatch pushed = new CountDownLatch(1), ack = new CountDownLatch(1);
        TapService b1 = broker("b1", slowAcker(pushed, ack, Collections.synchronizedList(new ArrayList<>())));
        TapService b2 = broker("b2", acking());
        assertThat(b1.tap(new TapRequest("cart-1", NURSE, "t1"))).isInstanceOf(TapDecision.Connect.class);
        CompletableFuture<TapDecision> held = tapAsync(b1, "cart-2", NURSE, "t2");
        assertThat(pushed.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            CompletableFuture<TapDecision> behind = CompletableFuture.supplyAsync(() -> {
                try (CallerDeadline.Scope s = CallerDeadline.until(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300))) {
                    return b2.tap(new TapRequest("cart-3", NURSE, "t3"));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // answered while b1's claim still holds (its old endpoint has not acknowledged): not after 5 s, nor after the claim
            assertThatThrownBy(() -> behind.get(4, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasRootCauseMessage("the session of nurse is still being handed over by tap t2; tap again");
            assertThat(held).as("the first tap still waits for cart-1").isNotDone();
        } finally {
            ack.countDown();
        }
        assertThat(held.get(10, TimeUnit.SECONDS)).isInstanceOf(TapDecision.Connect.class);
        assertThat(session("nurse")).containsEntry("owner_endpoint", "cart-2").containsEntry("generation", "2");
    }

    @Test
    void aDeadlineLaterThanTheBrokersOwnBoundLeavesThatBound() {
        long own = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        try (CallerDeadline.Scope s = CallerDeadline.until(own + TimeUnit.SECONDS.toNanos(55))) {
            assertThat(CallerDeadline.bound(own)).isEqualTo(own);
        }
        assertThat(CallerDeadline.bound(own)).as("none set after the scope").isEqualTo(own);
    }
}
