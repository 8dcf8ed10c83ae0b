package org.rounds.broker.takeover;

import java.util.Locale;

/**
 * Where one decision's time went, phase by phase, on the thread deciding it: so that a slow tap
 * can be told apart as waiting in line, on another tap of its user, on the old endpoint, on a
 * desktop host, or working against the database. The HTTP layer starts a record per decision
 * ({@link #begin}); the waits of the takeover add to it; the rest of the time is {@link
 * Phase#WORK}. A thread with no record (a tap made in-process) records nothing.
 */
public final class DecisionPhases {
    /** A decision's phases, in the order a tap meets them. */
    public enum Phase {
        /** In the web server before the handler ran, and in the practice's and the broker's decision lines. */
        ADMISSION,
        /** Waiting for another decision of the same user on this broker (its user lock). */
        USER_LOCK,
        /** Waiting for another broker's tap of the same user to finish its hand-over (its claim). */
        CLAIM_WAIT,
        /** Telling the old endpoint, and waiting for it to blank. */
        BLANK,
        /** The desktop handed over (or cut, at a tap-out) by the broker or a desktop host. */
        DESKTOP,
        /** Taking a database turn again after a wait on the network. */
        TURN,
        /** Everything else: the transactions, and the CPU between them. */
        WORK;

        /** The phase's name in metrics and logs. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final ThreadLocal<long[]> CURRENT = new ThreadLocal<>();
    private static final Phase[] PHASES = Phase.values();

    private DecisionPhases() {}

    /** One decision's time by phase, in nanoseconds; closing it stops recording on this thread. */
    public static final class Record implements AutoCloseable {
        private final long[] nanos = new long[PHASES.length];
        private final long[] outer;

        private Record() {
            outer = CURRENT.get();
            CURRENT.set(nanos);
        }

        /** Time spent in {@code phase} so far. */
        public long nanos(Phase phase) {
            return nanos[phase.ordinal()];
        }

        /**
         * Closes the record for a decision that took {@code totalNanos} in all: what no phase
         * claimed is {@link Phase#WORK}.
         */
        public void finish(long totalNanos) {
            long named = 0;
            for (Phase p : PHASES) if (p != Phase.WORK) named += nanos[p.ordinal()];
            nanos[Phase.WORK.ordinal()] = Math.max(0, totalNanos - named);
        }

        /** "admission 3, user-lock 250, ..., work 12" in milliseconds, phases that took none left out. */
        public String summary() {
            StringBuilder b = new StringBuilder();
            for (Phase p : PHASES) {
                long ms = nanos[p.ordinal()] / 1_000_000;
                if (ms == 0) continue;
                if (b.length() > 0) b.append(", ");
                b.append(p.label()).append(' ').append(ms);
            }
            return b.length() == 0 ? "all under 1 ms" : b.append(" ms").toString();
        }

        @Override
        public void close() {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    /** Starts recording a decision on this thread. */
    public static Record begin() {
        return new Record();
    }

    /** Adds {@code nanos} to this thread's decision, if one is being recorded. */
    public static void add(Phase phase, long nanos) {
        long[] r = CURRENT.get();
        if (r != null) r[phase.ordinal()] += nanos;
    }

    /** Adds the time since {@code startNanos} ({@link System#nanoTime}) to this thread's decision. */
    static void addSince(Phase phase, long startNanos) {
        add(phase, System.nanoTime() - startNanos);
    }

    /** Runs {@code wait}, counting its time to {@code phase}. */
    static <T> T timed(Phase phase, DatabaseTurns.Wait<T> wait) throws java.sql.SQLException {
        long start = System.nanoTime();
        try {
            return wait.run();
        } finally {
            addSince(phase, start);
        }
    }
}
