package org.rounds.broker.api;

import java.util.Objects;

/**
 * Where a desktop is served (RFB), the one-time password that admits one viewer, and the SHA-256
 * pin of the certificate the desktop's host presents with VeNCrypt X509 (64 lower-case hex
 * digits, the form {@code rounds snapshot --pin} takes). An endpoint connects only over
 * VeNCrypt X509 to a certificate matching the pin; an empty pin comes only from old brokers and
 * tools, and an endpoint refuses such a desktop.
 */
public record DesktopAddress(String host, int port, String password, String pin) {
    public DesktopAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        pin = pin == null ? "" : pin;
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        if (!pin.isEmpty() && !pin.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("pin is not 64 lower-case hex digits");
    }

    /** A desktop with no pinned certificate (tools and tests of plain RFB only). */
    public DesktopAddress(String host, int port, String password) {
        this(host, port, password, "");
    }

    @Override
    public String toString() {
        return "DesktopAddress[" + host + ":" + port + (pin.isEmpty() ? "" : ", pin " + pin.substring(0, 12) + "…") + "]"; // never the password
    }
}
