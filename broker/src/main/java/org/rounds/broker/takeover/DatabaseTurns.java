package org.rounds.broker.takeover;

import java.sql.SQLException;

/**
 * A decision's turn at the database (the HTTP layer's decision slot, which sheds load when
 * decisions queue for it), given back while the decision waits on the network: for the old
 * endpoint's acknowledgement, a desktop host, or another tap of the same user. So the slots bound
 * the work against the database and not the waits between (issue 20). A thread with no turn
 * (a tap made in-process) just waits.
 */
public final class DatabaseTurns {
    private DatabaseTurns() {}

    /** A turn the caller has taken. */
    public interface Turn {
        /** Gives the turn back for others. */
        void giveBack();

        /** Takes it again, waiting for it as long as it takes; never refused (what was admitted is never shed). */
        void takeAgain();
    }

    /** Work run while holding a turn. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** A wait on something other than the database. */
    @FunctionalInterface
    interface Wait<T> {
        T run() throws SQLException;
    }

    private static final ThreadLocal<Turn> HELD = new ThreadLocal<>();

    /** Runs {@code work} on this thread holding {@code turn}, which taps give back while they wait on the network. */
    public static <T> T holding(Turn turn, Work<T> work) throws Exception {
        Turn outer = HELD.get();
        HELD.set(turn);
        try {
            return work.run();
        } finally {
            if (outer == null) HELD.remove();
            else HELD.set(outer);
        }
    }

    /**
     * Runs {@code wait} with this thread's turn given back, and takes it again after, also when
     * the wait throws. The wait counts to the decision's {@code phase} (none when null: the wait
     * times its parts itself), taking the turn again to {@link DecisionPhases.Phase#TURN}.
     */
    static <T> T whileWaiting(DecisionPhases.Phase phase, Wait<T> wait) throws SQLException {
        Turn turn = HELD.get();
        if (turn == null) return phase == null ? wait.run() : DecisionPhases.timed(phase, wait);
        HELD.remove();   // a wait inside this one gives nothing back twice
        turn.giveBack();
        try {
            return phase == null ? wait.run() : DecisionPhases.timed(phase, wait);
        } finally {
            long start = System.nanoTime();
            turn.takeAgain();
            DecisionPhases.addSince(DecisionPhases.Phase.TURN, start);
            HELD.set(turn);
        }
    }

    static void whileWaiting(DecisionPhases.Phase phase, Runnable wait) {
        try {
            whileWaiting(phase, () -> {
                wait.run();
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);   // a Runnable throws none
        }
    }
}
