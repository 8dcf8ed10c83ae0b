package org.rounds.broker.api;

import java.util.Objects;

/**
 * An outside device asking for its session back after its tunnel dropped: POST {@value
 * BrokerApi#REMOTE_RECONNECTS} through a gateway, naming the session (user and generation) and
 * proving it was given it with the {@link RemoteSignInAnswer#reconnectToken}.
 */
public record RemoteReconnect(String deviceId, String userId, long generation, String reconnectToken) {
    public RemoteReconnect {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reconnectToken, "reconnectToken");
    }

    @Override
    public String toString() {
        return "RemoteReconnect[deviceId=" + deviceId + ", userId=" + userId + ", generation=" + generation + "]"; // never the token
    }
}
