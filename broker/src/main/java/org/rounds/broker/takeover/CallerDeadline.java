package org.rounds.broker.takeover;

/**
 * When the caller of the decision on this thread stops waiting for its answer (an endpoint says
 * so with {@code Rounds-Deadline-Ms}): a tap waiting on another tap of its user gives up then,
 * rather than holding a thread for an answer nobody reads. A thread with none set keeps the
 * broker's own bounds.
 */
public final class CallerDeadline {
    private static final ThreadLocal<Long> END = new ThreadLocal<>();

    private CallerDeadline() {}

    /** The deadline set on this thread; closing it restores the one before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Sets the deadline of the decision on this thread to {@code endNanos} ({@link System#nanoTime}). */
    public static Scope until(long endNanos) {
        Long outer = END.get();
        END.set(endNanos);
        return () -> {
            if (outer == null) END.remove();
            else END.set(outer);
        };
    }

    /** {@code endNanos}, or the caller's deadline when that comes first. */
    static long bound(long endNanos) {
        Long caller = END.get();
        return caller == null || endNanos - caller < 0 ? endNanos : caller;
    }
}
