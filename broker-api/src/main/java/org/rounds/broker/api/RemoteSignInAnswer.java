package org.rounds.broker.api;

/**
 * A signed-in outside device's desktop: the gateway tunnel opens with {@code tunnelTicket}
 * (single use, good for 60 s); through it the device speaks VeNCrypt X509 to the desktop host,
 * end to end, checking the host's certificate against {@code pin} and answering with the
 * one-time {@code password}. The desktop's inside address never leaves the hospital.
 * {@code generation} orders the session's owners as a tap's does; {@code reconnectToken} gets the
 * session back after a dropped tunnel ({@link BrokerApi#REMOTE_RECONNECTS}) without a new code.
 */
public record RemoteSignInAnswer(String userId, String displayName, String tunnelTicket, String password, String pin,
                                 long generation, String reconnectToken) {
    @Override
    public String toString() {
        return "RemoteSignInAnswer[userId=" + userId + ", generation=" + generation + "]"; // no ticket, password or token
    }
}
