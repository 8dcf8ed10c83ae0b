package org.rounds.testpeers;

import java.time.Duration;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assertions;

/**
 * Waits in tests for something to have happened (a viewer connected, a row committed, a frame
 * painted), instead of sleeping for a guessed time: polls a condition until it holds or a
 * deadline passes, then fails naming what did not happen. A sleep that stays in a test is time
 * that must pass (an idle timeout, a rate window, "nothing happens for N ms").
 *
 * <pre>{@code
 * Await.until(Duration.ofSeconds(5), "cart-1's push channel at the broker", () -> broker.pushConnected("cart-1"));
 * }</pre>
 */
public final class Await {

    /** A condition to poll; it may throw (an I/O error while reading a screenshot, say), which ends the wait. */
    @FunctionalInterface
    public interface Condition<E extends Exception> {
        boolean holds() throws E;
    }

    private static final long FIRST_PAUSE_MS = 5, LONGEST_PAUSE_MS = 100;

    private Await() {}

    /**
     * Returns once {@code condition} holds; fails with "timed out after N ms waiting for WHAT"
     * when it still does not after {@code timeout}. Polls often at first, then up to every 100 ms.
     */
    public static <E extends Exception> void until(Duration timeout, String what, Condition<E> condition) throws E {
        poll(timeout, null, () -> what, condition);
    }

    /** As {@link #until(Duration, String, Condition)}, {@code what} built at the failure (to say what was seen last). */
    public static <E extends Exception> void until(Duration timeout, Supplier<String> what, Condition<E> condition) throws E {
        poll(timeout, null, what, condition);
    }

    /**
     * As {@link #until(Duration, String, Condition)}, polling every {@code every}: for a condition
     * that is costly to check (a screenshot, a process) or that compares one poll with the last.
     */
    public static <E extends Exception> void until(Duration timeout, Duration every, String what, Condition<E> condition) throws E {
        poll(timeout, every, () -> what, condition);
    }

    private static <E extends Exception> void poll(Duration timeout, Duration every, Supplier<String> what, Condition<E> condition) throws E {
        long start = System.nanoTime(), deadline = start + timeout.toNanos();
        long pause = every != null ? every.toMillis() : FIRST_PAUSE_MS;
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                Assertions.fail("timed out after " + timeout.toMillis() + " ms waiting for " + what.get());
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while waiting for " + what.get(), e);
            }
            if (every == null) pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
        }
    }
}
