package org.rounds.broker.api;

import java.time.Instant;
import java.util.Objects;

/**
 * An endpoint locked the session it showed because nobody touched it for its idle time:
 * POST {@value BrokerApi#IDLE_LOCKS}. It names the session (user and generation) and proves it
 * owned it with the {@link TapDecision.Connect}'s reconnect token; {@code lockedAt} is the
 * endpoint's clock as ISO-8601 ({@code 2026-12-06T16:00:00Z}), kept for the audit row only (the
 * broker's own clock decides everything else). Answered 204 once the broker has ended the
 * endpoint's ownership (also when a retry finds it already done), 403 when the endpoint does
 * not own that session (nothing changed).
 */
public record IdleLockReport(String endpointId, String userId, long generation, String reconnectToken, String lockedAt) {
    public IdleLockReport {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reconnectToken, "reconnectToken");
        Objects.requireNonNull(lockedAt, "lockedAt");
    }

    public IdleLockReport(String endpointId, String userId, long generation, String reconnectToken, Instant lockedAt) {
        this(endpointId, userId, generation, reconnectToken, lockedAt.toString());
    }

    @Override
    public String toString() {
        return "IdleLockReport[endpointId=" + endpointId + ", userId=" + userId + ", generation=" + generation
                + ", lockedAt=" + lockedAt + "]"; // never the token
    }
}
