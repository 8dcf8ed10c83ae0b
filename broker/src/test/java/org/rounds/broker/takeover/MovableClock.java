package org.rounds.broker.takeover;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock the test moves: the broker, the desktop pool and the endpoint all read it, so nothing sleeps. */
final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock() {
        this(Instant.parse("2026-12-06T08:00:00Z"));
    }

    /** From {@code start}: a broker that issues certificates on this clock needs the real time, which TLS checks them against. */
    MovableClock(Instant start) {
        now = start;
    }

    @Override public ZoneId getZone() { return ZoneId.of("UTC"); }

    @Override public Clock withZone(ZoneId zone) { return this; }

    @Override public Instant instant() { return now; }

    void advance(Duration d) { now = now.plus(d); }
}
