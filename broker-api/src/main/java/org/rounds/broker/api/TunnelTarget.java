package org.rounds.broker.api;

/**
 * Where a redeemed tunnel goes: the desktop host's inside address and port, and the user, for the
 * gateway's log and audit line. {@code pin} (the host certificate's SHA-256) and {@code password}
 * (the session's one-time desktop credential) are what a gateway that ends the desktop's TLS
 * ({@link DesktopTls#GATEWAY}) needs to speak VeNCrypt X509Vnc to the host itself; a broker older
 * than them leaves both out (null), and such a gateway then refuses the tunnel.
 */
public record TunnelTarget(String host, int port, String userId, String pin, String password) {
    /** A target without what the gateway needs to end the desktop's TLS (end to end only). */
    public TunnelTarget(String host, int port, String userId) {
        this(host, port, userId, null, null);
    }

    @Override
    public String toString() {
        return "TunnelTarget[" + host + ":" + port + ", user " + userId + "]"; // never the password
    }
}
