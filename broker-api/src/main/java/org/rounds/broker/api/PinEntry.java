package org.rounds.broker.api;

import java.util.Objects;

/**
 * The PIN typed after a {@link TapDecision.PinRequired}: POST {@value BrokerApi#PINS}, answered
 * with a {@link TapDecision} ({@code Connect}, {@code PinRequired} with fewer attempts left, or
 * {@code Denied} when locked out). {@code tapId} makes a retry on another broker safe, as for taps.
 */
public record PinEntry(String endpointId, String pinToken, String pin, String tapId) {
    public PinEntry {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(pinToken, "pinToken");
        Objects.requireNonNull(pin, "pin");
        Objects.requireNonNull(tapId, "tapId");
    }

    @Override
    public String toString() {
        return "PinEntry[endpointId=" + endpointId + ", tapId=" + tapId + "]"; // never the PIN
    }
}
