package org.rounds.broker.http;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.takeover.Fakes;

/**
 * A desktop pool whose desktops take as long as the test says (a host starting an Xvnc): each
 * hand-over (of {@code slowUser}'s desktop only, when one is named) counts down {@link #asked} and
 * waits for {@link #start}.
 */
final class SlowPool implements DesktopPool {
    final CountDownLatch asked;
    final CountDownLatch start = new CountDownLatch(1);
    private final Fakes.Pool pool = new Fakes.Pool(new Fakes.Journal());
    private final String slowUser;

    SlowPool(int handOvers) {
        this(handOvers, null);
    }

    SlowPool(int handOvers, String slowUser) {
        this.asked = new CountDownLatch(handOvers);
        this.slowUser = slowUser;
    }

    @Override
    public DesktopAddress handOver(String userId, String displayName) {
        if (slowUser != null && !slowUser.equals(userId)) return pool.handOver(userId, displayName);
        asked.countDown();
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pool.handOver(userId, displayName);
    }

    @Override public void disconnect(String userId) { pool.disconnect(userId); }
    @Override public void logoff(String userId) { pool.logoff(userId); }
    @Override public Optional<Snapshot> snapshot(String userId) { return pool.snapshot(userId); }
    @Override public void close() {}
}
