package org.rounds.broker.api;

import java.util.Objects;

/** Where a desktop is served (RFB) and the one-time password that admits one viewer. */
public record DesktopAddress(String host, int port, String password) {
    public DesktopAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 1..65535");
    }

    @Override
    public String toString() {
        return "DesktopAddress[" + host + ":" + port + "]"; // never the password
    }
}
