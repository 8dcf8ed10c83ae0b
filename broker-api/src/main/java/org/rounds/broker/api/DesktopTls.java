package org.rounds.broker.api;

import java.util.Optional;

/**
 * Who ends the desktop's TLS for an outside device, IT's choice on the gateway
 * ({@code rounds gateway --desktop-tls}). The gateway says which in the
 * {@link BrokerApi#DESKTOP_TLS_HEADER} header of the tunnel's upgrade answer, over the public
 * port's TLS, so nobody on the inside network can talk a device down to plain RFB.
 */
public enum DesktopTls {
    /**
     * VeNCrypt X509Vnc runs from the outside device to the desktop host, pinned to the host's
     * certificate; the gateway relays bytes it cannot read. The default, and what a device
     * assumes when the header is absent.
     */
    END_TO_END("end-to-end"),
    /**
     * The gateway speaks VeNCrypt X509Vnc to the host (pinned), and offers the device RFB with
     * security None inside the tunnel, protected by the public port's TLS: one TLS layer per
     * keystroke instead of two, and a gateway that sees the pixels.
     */
    GATEWAY("gateway");

    private final String wire;

    DesktopTls(String wire) { this.wire = wire; }

    /** The name on the command line and in the header. */
    public String wire() { return wire; }

    /** The mode of a header's or option's value; empty when it names none. */
    public static Optional<DesktopTls> of(String value) {
        for (DesktopTls m : values()) if (m.wire.equals(value)) return Optional.of(m);
        return Optional.empty();
    }
}
