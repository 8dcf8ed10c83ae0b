package org.rounds.broker.api;

import java.util.Objects;

/**
 * Login without a badge (forgotten badge, first login of the day where the site requires it):
 * POST {@value BrokerApi#LOGINS}, answered like a tap. A success counts as a full
 * authentication for the PIN grace period. Wrong passwords count towards the user's lockout.
 */
public record PasswordLogin(String endpointId, String userId, String password, String tapId) {
    public PasswordLogin {
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tapId, "tapId");
    }

    @Override
    public String toString() {
        return "PasswordLogin[endpointId=" + endpointId + ", userId=" + userId + ", tapId=" + tapId + "]"; // never the password
    }
}
