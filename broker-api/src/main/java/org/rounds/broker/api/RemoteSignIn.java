package org.rounds.broker.api;

import java.util.Objects;

/**
 * An outside sign-in: POST {@value BrokerApi#REMOTE_SIGN_INS} through a gateway. {@code code} is
 * the user's current 6-digit TOTP code (RFC 6238), accepted once. {@code deviceId} names the
 * outside device (an endpoint id it chose, kept across its sign-ins); {@code tapId} makes a retry
 * of the same sign-in idempotent, as a tap's id does.
 */
public record RemoteSignIn(String userId, String password, String code, String deviceId, String tapId) {
    public RemoteSignIn {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(tapId, "tapId");
    }

    @Override
    public String toString() {
        return "RemoteSignIn[userId=" + userId + ", deviceId=" + deviceId + ", tapId=" + tapId + "]"; // never the password or code
    }
}
