package org.rounds.broker.http;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admission of decisions (taps, reconnects, PINs, logins, kiosk sessions) by queueing delay, as
 * CoDel does for packets (Nichols and Jacobson, "Controlling Queue Delay", 2012): at most
 * {@code slots} decisions work against the database at once, the others wait in line, first
 * come first served. A queue that stands, where the oldest waiting request has waited longer
 * than {@link #TARGET_NANOS} for longer than {@link #INTERVAL_NANOS}, means the broker gets more
 * than it can answer: new arrivals are then shed at once (503), so that the endpoint asks
 * another broker within its tap instead of waiting for an answer it would give up on.
 *
 * <p>Shed on delay, not on a count in flight: a burst of taps on one user waits on that user's
 * lock (with its slots given back) or row lock, yet is answered in time; a cap on the count shed such bursts
 * (ManyBrokersTest's race). Nothing waits longer than the target before it is admitted or shed,
 * and nothing admitted is ever shed. Thread-safe.
 */
final class DecisionQueue {
    /**
     * How long a decision may wait for a slot. A tap is answered in about 10 ms when the broker
     * keeps up; the goal is p99 under 100 ms for admitted taps and a shed answer within
     * 50 ms, so a request may spend half the p99 budget in line and still be answered in time.
     */
    static final long TARGET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /**
     * How long the queue must stay above the target before arrivals are shed at once: CoDel's
     * 100 ms, longer than a burst of taps (a ward's shift change) takes to drain, so a burst
     * waits and is answered, while an overload that outlasts it is shed.
     */
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /**
     * The database pool's size: a decision beyond it would wait in the pool (up to its 3 s
     * timeout) instead of here, where its wait is measured. A tap gives its slot back while it
     * waits on the network (the old endpoint's acknowledgement, a desktop host starting a
     * desktop: {@link #turn}), so the slots bound the work against the database only.
     */
    static final int DEFAULT_SLOTS = org.rounds.broker.store.Database.POOL_SIZE;
    /**
     * How many admitted decisions may wait on the network (slot given back) per slot, before new
     * arrivals are shed at once: when the waits, not the database, are what the broker cannot
     * keep up with (pushes through another broker, desktop hosts), the line forms there, and
     * without this bound nothing would be shed while answers came later and later.
     */
    static final int AWAY_PER_SLOT = 2;

    private final Semaphore free;
    private final int slots;
    /** Admitted decisions waiting on the network now, their slots given back. */
    private final java.util.concurrent.atomic.AtomicInteger away = new java.util.concurrent.atomic.AtomicInteger();
    /** Since when (System.nanoTime) waiting requests have been timing out with no admission under the target; NONE when not. */
    private long aboveSince = NONE;
    private static final long NONE = Long.MIN_VALUE;

    DecisionQueue(int slots) {
        if (slots < 1) throw new IllegalArgumentException("decision slots must be at least 1, not " + slots);
        this.slots = slots;
        this.free = new Semaphore(slots, true);   // fair: the oldest waiting request is served first
    }

    /** {@link #enter(long)} for a request that has waited nowhere else. */
    boolean enter() throws InterruptedException {
        return enter(0);
    }

    /**
     * Takes a slot (call {@link #leave} after the decision) and answers true; or answers false
     * when the request is shed: at once while the queue stands above the target or
     * {@link #AWAY_PER_SLOT} decisions a slot wait on the network, else after
     * waiting at most the target. {@code waitedNanos}: how long the request already waited in
     * the server before it came here (a broker short of CPU queues requests before any handler
     * runs); it counts towards the target.
     */
    boolean enter(long waitedNanos) throws InterruptedException {
        long now = System.nanoTime(), arrived = now - Math.max(0, waitedNanos);
        if (away.get() >= AWAY_PER_SLOT * slots) return false;   // answers already wait on the network: no more taken on
        if (now - arrived >= TARGET_NANOS) {
            // already late: admitted to a free slot (the database is not what held it up), never kept waiting for one
            if (free.tryAcquire(0, TimeUnit.NANOSECONDS)) return true;
            above(now);
            return false;
        }
        // a timed tryAcquire keeps the line: it takes a free slot only when nobody waits for one
        if (free.tryAcquire(0, TimeUnit.NANOSECONDS)) {
            below();
            return true;
        }
        if (standing(now)) return false;
        if (free.tryAcquire(TARGET_NANOS - (now - arrived), TimeUnit.NANOSECONDS)) {
            if (System.nanoTime() - arrived < TARGET_NANOS) below();
            return true;
        }
        above(System.nanoTime());
        return false;
    }

    /** Gives back the slot {@link #enter} took. */
    void leave() {
        free.release();
    }

    /**
     * The slot {@link #enter} took, as a decision gives it back while it waits on the network and
     * takes it again after: waiting in line for it then, never shed (it was admitted).
     */
    org.rounds.broker.takeover.DatabaseTurns.Turn turn() {
        return new org.rounds.broker.takeover.DatabaseTurns.Turn() {
            @Override public void giveBack() {
                away.incrementAndGet();
                free.release();
            }

            @Override public void takeAgain() {
                free.acquireUninterruptibly();
                away.decrementAndGet();
            }
        };
    }

    int slots() {
        return slots;
    }

    /**
     * Room for more decisions now: slots free, and no more than the decisions that may still go
     * to wait on the network before arrivals are shed (none while requests wait for a slot).
     */
    int free() {
        return Math.min(free.availablePermits(), AWAY_PER_SLOT * slots - away.get());
    }

    /** A request was admitted within the target: the queue does not stand. */
    private synchronized void below() {
        aboveSince = NONE;
    }

    /** A request waited the whole target in vain. */
    private synchronized void above(long now) {
        if (aboveSince == NONE) aboveSince = now;
    }

    /** Whether the oldest waiting request has waited longer than the target for longer than the interval. */
    private synchronized boolean standing(long now) {
        return aboveSince != NONE && now - aboveSince >= INTERVAL_NANOS;
    }
}
