package org.rounds.broker.api;

import java.util.Objects;

/**
 * A kiosk endpoint asking for its shared account's desktop at start (and after every drop):
 * POST {@value BrokerApi#KIOSK_SESSIONS}, answered with a {@code Connect} for the account the
 * broker assigned to this endpoint, or {@code Denied} when none is. Kiosk sessions never roam.
 */
public record KioskRequest(String endpointId, String tapId) {
    public KioskRequest {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(tapId, "tapId");
    }
}
