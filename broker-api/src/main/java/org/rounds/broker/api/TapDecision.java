package org.rounds.broker.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the broker decided about a tap. The JSON carries {@code "decision": "connect" | ...}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "decision")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TapDecision.Connect.class, name = "connect"),
    @JsonSubTypes.Type(value = TapDecision.Lock.class, name = "lock"),
    @JsonSubTypes.Type(value = TapDecision.UnknownBadge.class, name = "unknown-badge"),
    @JsonSubTypes.Type(value = TapDecision.Denied.class, name = "denied"),
    @JsonSubTypes.Type(value = TapDecision.PinRequired.class, name = "pin-required"),
    @JsonSubTypes.Type(value = TapDecision.BadgeEnrolled.class, name = "badge-enrolled"),
})
public sealed interface TapDecision {

    /**
     * Show this user's desktop; {@code generation} orders the owners of that desktop.
     * {@code reconnectToken} lets this endpoint get the same session back after a dropped
     * connection without a new tap ({@link ReconnectRequest}); empty when the broker gives none.
     */
    record Connect(String userId, String displayName, DesktopAddress desktop, long generation, String reconnectToken)
            implements TapDecision {
        public Connect {
            reconnectToken = reconnectToken == null ? "" : reconnectToken;
        }

        public Connect(String userId, String displayName, DesktopAddress desktop, long generation) {
            this(userId, displayName, desktop, generation, "");
        }

        @Override
        public String toString() {
            return "Connect[userId=" + userId + ", desktop=" + desktop + ", generation=" + generation + "]"; // no token
        }
    }

    /** Lock the endpoint (the same user tapped out); the session keeps running on the host. */
    record Lock(String userId, String reason) implements TapDecision {}

    /** No user has this badge. */
    record UnknownBadge() implements TapDecision {}

    /** The broker refuses (endpoint unknown, user disabled, ...), with a one-line reason. */
    record Denied(String reason) implements TapDecision {}

    /**
     * The badge is known but the user's last full authentication is older than the site's
     * grace period: ask for the PIN and send it with {@link PinEntry} quoting {@code pinToken}.
     * {@code attemptsLeft} counts down after each wrong PIN; at zero the broker answers
     * {@code Denied} (locked out). {@code pinToken} is short-lived and good for this endpoint only.
     */
    record PinRequired(String userId, String displayName, String pinToken, int attemptsLeft) implements TapDecision {
        @Override
        public String toString() {
            return "PinRequired[userId=" + userId + ", attemptsLeft=" + attemptsLeft + "]"; // no token
        }
    }

    /**
     * An admin armed this endpoint for tap to enrol: the badge just tapped is now the user's.
     * The endpoint says so ("badge enrolled for {@code displayName}") and shows no session.
     */
    record BadgeEnrolled(String userId, String displayName) implements TapDecision {}
}
