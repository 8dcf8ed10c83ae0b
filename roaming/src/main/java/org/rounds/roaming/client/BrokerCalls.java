package org.rounds.roaming.client;

import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.LogoffRequest;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;

/**
 * The broker calls the roaming state machine makes, behind an interface so the machine can
 * be tested without HTTP. {@link BrokerClient} is the real implementation.
 */
@FunctionalInterface
public interface BrokerCalls {

    /**
     * Asks the broker what a badge tap means.
     *
     * <p>Retrying with the same {@link TapRequest#tapId()} is always safe: the broker answers
     * a repeated tap id with the decision it already made (and already acted on).
     *
     * @throws BrokerUnavailableException no broker answered; the broker may or may not have
     *         acted on the tap (retry with the same tap id to find out)
     * @throws BrokerRejectedException the broker refused the request (4xx); it did not act,
     *         and retrying the same request will be refused again
     */
    TapDecision tap(TapRequest request) throws BrokerException;

    /**
     * Asks for a dropped session back (session reliability). A {@code Connect} gives a fresh
     * desktop credential for the same generation; a {@code Lock} or {@code Denied} means the
     * session is no longer this endpoint's. Safe to retry. Default: refused (no reconnects).
     *
     * @throws BrokerUnavailableException no broker answered; try again later
     * @throws BrokerRejectedException the broker refused; do not retry
     */
    default TapDecision reconnect(ReconnectRequest request) throws BrokerException {
        throw new BrokerRejectedException("-", 501, "this broker connection offers no reconnects");
    }

    /** Sends the PIN a {@code PinRequired} asked for. Safe to retry with the same tap id. */
    default TapDecision enterPin(PinEntry entry) throws BrokerException {
        throw new BrokerRejectedException("-", 501, "this broker connection offers no PIN entry");
    }

    /** Logs in with user id and password (no badge). Safe to retry with the same tap id. */
    default TapDecision passwordLogin(PasswordLogin login) throws BrokerException {
        throw new BrokerRejectedException("-", 501, "this broker connection offers no password login");
    }

    /** Asks for this kiosk's shared-account desktop. Safe to retry. */
    default TapDecision kioskSession(KioskRequest request) throws BrokerException {
        throw new BrokerRejectedException("-", 501, "this broker connection offers no kiosk sessions");
    }

    /** Ends the user's session on the desktop host. Safe to retry. */
    default TapDecision logoff(LogoffRequest request) throws BrokerException {
        throw new BrokerRejectedException("-", 501, "this broker connection offers no logoff");
    }

    /**
     * Tells the broker this endpoint locked its session for idleness, so that it revokes the
     * reconnect token, cuts the desktop's viewer and lets the user's next tap here connect.
     * Safe to retry: a report already carried out is answered as done.
     *
     * @throws BrokerUnavailableException no broker answered; the broker may or may not have acted
     * @throws BrokerRejectedException the broker refused (403: this endpoint does not own that
     *         session, nothing changed); do not retry
     */
    default void idleLock(IdleLockReport report) throws BrokerException {
        throw new BrokerRejectedException("-", 501, "this broker connection takes no idle-lock reports");
    }
}
