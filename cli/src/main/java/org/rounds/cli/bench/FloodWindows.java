package org.rounds.cli.bench;

import java.util.concurrent.TimeUnit;

/**
 * The windows of a run in which practice A taps beyond its limit ({@code go RATE}): after the
 * warm-up its flood is on and off in turns of {@link #WINDOW_NANOS}, starting off, and the other
 * practices' taps are measured in both. Their p99 in the on windows against the off windows of
 * the same run, on the same warm brokers, is what A costs them: two runs one after the other
 * differed by more than that on a shared two-core machine (p99 60 ms in one, 231 ms in the next,
 * with nothing changed). A tap scheduled in the first {@link #EDGE_NANOS} of a window counts in
 * neither, as the queues of the window before drain.
 */
final class FloodWindows {
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long EDGE_NANOS = TimeUnit.SECONDS.toNanos(1);

    enum Window { WARMUP, ON, OFF, EDGE }

    private FloodWindows() {}

    /** The window of a tap scheduled {@code sinceMeasureNanos} after the warm-up ended (negative: during it). */
    static Window of(long sinceMeasureNanos) {
        if (sinceMeasureNanos < 0) return Window.WARMUP;
        if (sinceMeasureNanos % WINDOW_NANOS < EDGE_NANOS) return Window.EDGE;
        return (sinceMeasureNanos / WINDOW_NANOS) % 2 == 1 ? Window.ON : Window.OFF;
    }

    /** Whether practice A floods at that time: in the warm-up (its path is warmed too) and in the on windows. */
    static boolean flooding(long sinceMeasureNanos) {
        return sinceMeasureNanos < 0 || (sinceMeasureNanos / WINDOW_NANOS) % 2 == 1;
    }
}
