package org.rounds.broker.api;

import java.util.Objects;

/**
 * An endpoint whose desktop connection dropped asks for the same session back: it names the
 * session (user and generation it was shown under) and proves it was given it with the token
 * of its {@link TapDecision.Connect}. The broker answers with a {@code Connect} (fresh desktop
 * credential, same generation) while the endpoint still owns that generation, else a {@code Lock}.
 */
public record ReconnectRequest(String endpointId, String userId, long generation, String reconnectToken) {
    public ReconnectRequest {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reconnectToken, "reconnectToken");
    }

    @Override
    public String toString() {
        return "ReconnectRequest[endpointId=" + endpointId + ", userId=" + userId + ", generation=" + generation + "]";
    }
}
