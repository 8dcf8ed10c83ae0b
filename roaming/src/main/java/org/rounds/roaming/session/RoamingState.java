package org.rounds.roaming.session;

/**
 * What an endpoint shows. Only {@link #IN_SESSION} shows a desktop; every other state shows a
 * blank (cleared) screen with a lock or progress view.
 *
 * <p>Issue 8 adds IDENTIFYING (waiting for the broker) and PIN_REQUIRED; code that switches over
 * this enum must keep a default branch.
 */
public enum RoamingState {
    /** No session shown; waiting for a badge. The screen has been cleared. */
    LOCKED,
    /** A badge was tapped; asking the broker and connecting to the desktop it names. */
    CONNECTING,
    /** A user's desktop is shown. */
    IN_SESSION,
    /**
     * The desktop connection dropped: the screen is cleared and the endpoint asks the broker for
     * the same session back (session reliability), for a bounded time, without a new tap.
     */
    RECONNECTING
}
