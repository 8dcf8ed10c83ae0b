package org.rounds.broker.api;

import java.util.Objects;

/**
 * Ends a user's desktop session on the host (a profile whose same-user tap means "log off"):
 * POST {@value BrokerApi#LOGOFF}, proving ownership with the {@link TapDecision.Connect}'s
 * reconnect token, answered with a {@code Lock}. Idempotent.
 */
public record LogoffRequest(String endpointId, String userId, long generation, String reconnectToken) {
    public LogoffRequest {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reconnectToken, "reconnectToken");
    }

    @Override
    public String toString() {
        return "LogoffRequest[endpointId=" + endpointId + ", userId=" + userId + ", generation=" + generation + "]";
    }
}
