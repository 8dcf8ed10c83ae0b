package org.rounds.broker.api;

import java.util.Objects;

/** A gateway redeeming an outside device's tunnel ticket: POST {@value BrokerApi#REMOTE_TUNNELS}. */
public record TunnelRedemption(String ticket) {
    public TunnelRedemption {
        Objects.requireNonNull(ticket, "ticket");
    }

    @Override
    public String toString() { return "TunnelRedemption[…]"; } // never the ticket
}
