package org.rounds.broker.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * {@code /health/ready}'s answer: whether the database answers, asked at most once per
 * {@link #MAX_AGE_NANOS}. Every endpoint probes every broker every few seconds; each probe taking
 * a database connection took them from taps (hundreds of carts: a pool's worth of probes). A
 * probe that comes while the database is being asked gets the last answer instead of waiting.
 */
final class Readiness {
    /** How old an answer may be: endpoints probe with jitter every few seconds. */
    static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BooleanSupplier database;
    private final LongSupplier nanoTime;
    private final AtomicBoolean asking = new AtomicBoolean();
    private volatile boolean ready;
    private volatile long askedAt;
    private volatile boolean asked;

    Readiness(BooleanSupplier database) {
        this(database, System::nanoTime);
    }

    Readiness(BooleanSupplier database, LongSupplier nanoTime) {
        this.database = database;
        this.nanoTime = nanoTime;
    }

    boolean ready() {
        if ((!asked || nanoTime.getAsLong() - askedAt >= MAX_AGE_NANOS) && asking.compareAndSet(false, true)) {
            try {
                ready = database.getAsBoolean();
                askedAt = nanoTime.getAsLong();
                asked = true;
            } finally {
                asking.set(false);
            }
        }
        return ready;
    }
}
