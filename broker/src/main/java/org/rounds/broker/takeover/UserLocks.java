package org.rounds.broker.takeover;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per user in this broker: takeovers, reconnects and locks of one user happen one at a
 * time here, so desktop hand-overs follow generation order. Across brokers the session row's
 * claim does that ({@code Sessions.claim}). A thread waiting for another's tap to finish gives its
 * database turn back meanwhile ({@link DatabaseTurns}): that tap may be waiting on the network.
 */
final class UserLocks {
    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /** A lock taken; closing gives it back. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** Takes the lock of {@code key} ({@link SessionReliability#lockKey}), waiting as long as its holder takes. */
    Held take(String key) {
        ReentrantLock lock = locks.computeIfAbsent(key, k -> new ReentrantLock());
        if (!lock.tryLock()) DatabaseTurns.whileWaiting(DecisionPhases.Phase.USER_LOCK, lock::lock);
        return lock::unlock;
    }
}
