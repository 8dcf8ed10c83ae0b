package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The queue's rules, on real time: a short wait is admitted, a long one shed at the target, a standing queue shed at once. */
@Tag("unit")
class DecisionQueueTest {
    private final DecisionQueue queue = new DecisionQueue(1);

    @Test
    void aRequestWhoseSlotFreesWithinTheTargetIsAdmitted() throws Exception {
        assertThat(queue.enter()).isTrue();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(this::enter);
        queue.leave();   // at once: the waiting request gets the slot well within 50 ms
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void noRequestWaitsLongerThanTheTargetAndAStandingQueueShedsArrivalsAtOnce() throws Exception {
        assertThat(queue.enter()).isTrue();   // held for the whole test: the database is busy
        long start = System.nanoTime();
        assertThat(queue.enter()).as("shed after waiting the target").isFalse();
        assertThat(System.nanoTime() - start).as("waited the target, and not much longer")
                .isGreaterThanOrEqualTo(DecisionQueue.TARGET_NANOS).isLessThan(TimeUnit.SECONDS.toNanos(1));
        // the queue stays above the target for the interval: later arrivals are shed without waiting
        long standing = System.nanoTime() + DecisionQueue.INTERVAL_NANOS;
        while (System.nanoTime() < standing) assertThat(queue.enter()).isFalse();
        long arrived = System.nanoTime();
        assertThat(queue.enter()).isFalse();
        assertThat(System.nanoTime() - arrived).as("shed at once, without the target's wait").isLessThan(DecisionQueue.TARGET_NANOS);

        queue.leave();
        assertThat(queue.enter()).as("a free slot and nobody waiting: admitted, and the queue no longer stands").isTrue();
        queue.leave();
    }

    @Test
    void aRequestThatAlreadyWaitedTheTargetInTheServerIsNotKeptWaitingForASlot() throws Exception {
        assertThat(queue.enter()).isTrue();
        long arrived = System.nanoTime();
        assertThat(queue.enter(DecisionQueue.TARGET_NANOS)).as("late, and every slot busy").isFalse();
        assertThat(System.nanoTime() - arrived).as("shed without waiting again").isLessThan(DecisionQueue.TARGET_NANOS);
        queue.leave();
        assertThat(queue.enter(DecisionQueue.TARGET_NANOS)).as("late, but a slot is free").isTrue();
        queue.leave();
    }

    @Test
    void withTwoDecisionsASlotWaitingOnTheNetworkArrivalsAreShedAtOnceUntilOneComesBack() throws Exception {
        assertThat(queue.enter()).isTrue();
        org.rounds.broker.takeover.DatabaseTurns.Turn first = queue.turn();
        first.giveBack();   // waits for an old endpoint: its slot is free for others
        assertThat(queue.enter()).as("one away: the free slot is taken").isTrue();
        org.rounds.broker.takeover.DatabaseTurns.Turn second = queue.turn();
        second.giveBack();

        long arrived = System.nanoTime();
        assertThat(queue.enter()).as("a free slot, but " + DecisionQueue.AWAY_PER_SLOT + " a slot wait on the network").isFalse();
        assertThat(System.nanoTime() - arrived).as("shed at once").isLessThan(DecisionQueue.TARGET_NANOS);

        first.takeAgain();   // back from the network, and done
        queue.leave();
        assertThat(queue.enter()).as("one away again: admitted").isTrue();
        queue.leave();
        second.takeAgain();
        queue.leave();
    }

    private boolean enter() {
        try {
            return queue.enter();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
