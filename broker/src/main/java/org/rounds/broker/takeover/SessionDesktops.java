package org.rounds.broker.takeover;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.store.Sessions;

/**
 * Where the broker's takeovers find users' desktops: the desktops of the brokers themselves
 * ({@link ClusterDesktops}: each broker serves desktops in its own process), or desktop hosts of
 * their own ({@link HostTierDesktops}). Every method is called with the user's session locked.
 */
interface SessionDesktops {

    /** Whether a hand-over may start the desktop somewhere new: a tap may, a reconnect must find the same desktop. */
    enum Placement { MAY_PLACE, SAME_DESKTOP }

    /**
     * Hands the user's desktop to a new viewer (revoking earlier credentials and cutting earlier
     * viewers first) and records in {@code store} where it is now served. A tap calls it with no
     * transaction open ({@link DesktopStore#between}), so that nothing holds a database connection
     * while a host starts a desktop; a reconnect from within its transaction.
     *
     * @throws DesktopUnavailable with the one line the endpoint shows, when no desktop can be given
     */
    DesktopAddress handOver(DesktopStore store, Sessions.Row s, String displayName, String endpointId, Placement placement)
            throws SQLException;

    /**
     * Revokes the user's credentials and closes its viewers, wherever they were served. What this
     * reads goes through {@code store}: within a caller's transaction, never through a second pool
     * connection (a burst of taps, each holding one and waiting for another, would take the whole
     * pool and wait on itself); a tap-out calls it after its transaction.
     */
    void disconnect(DesktopStore store, Sessions.Row s);

    /** Ends the user's desktop, wherever it ran; {@code c} as in {@link #disconnect}. */
    void logoff(Connection c, Sessions.Row s);

    /**
     * Whether the user's desktop is gone with the host it ran on: a tap by the endpoint that
     * showed it then opens a new desktop instead of tapping out of the lost one.
     */
    default boolean lost(Connection c, Sessions.Row s) {
        return false;
    }

    /** Since when nobody has watched the user's desktop, where that can be told; empty otherwise. */
    Optional<Instant> vacantSince(Sessions.Row s);

    /** No desktop for this hand-over; the message is the one line the endpoint shows. */
    final class DesktopUnavailable extends RuntimeException {
        DesktopUnavailable(String message) {
            super(message);
        }
    }
}
