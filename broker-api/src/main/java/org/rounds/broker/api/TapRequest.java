package org.rounds.broker.api;

import java.util.Objects;

/**
 * A badge tap on an endpoint. {@code tapId} is chosen by the endpoint and unique per tap: the
 * broker answers a retried tap id with the decision it already made, so a retry on another
 * broker is safe. {@code credential} is the badge's decoded id; it travels only to the broker
 * (which stores an HMAC of it) and is never logged.
 */
public record TapRequest(String endpointId, String credential, String tapId) {
    public TapRequest {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(tapId, "tapId");
    }

    @Override
    public String toString() {
        return "TapRequest[endpointId=" + endpointId + ", tapId=" + tapId + "]"; // never the badge
    }
}
