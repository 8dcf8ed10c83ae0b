package org.rounds.roaming.session;

/**
 * What an endpoint shows. Only {@link #IN_SESSION} shows a desktop; every other state shows a
 * blank (cleared) screen with a lock or progress view.
 *
 * <p>Code that switches over this enum keeps a default branch: states may be added.
 */
public enum RoamingState {
    /** No session shown; waiting for a badge. The screen has been cleared. */
    LOCKED,
    /** A badge was tapped (or a password or PIN sent); waiting for the broker's decision. */
    IDENTIFYING,
    /** The broker wants the user's PIN before it hands out the desktop; the PIN pad is shown. */
    PIN_REQUIRED,
    /** The broker named a desktop; connecting to it. */
    CONNECTING,
    /** A user's desktop is shown. */
    IN_SESSION,
    /**
     * The desktop connection dropped: the screen is cleared and the endpoint asks the broker for
     * the same session back (session reliability), for a bounded time, without a new tap.
     */
    RECONNECTING
}
