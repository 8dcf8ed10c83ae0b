package org.rounds.roaming.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the broker decided about a tap. The JSON carries {@code "decision": "connect" | ...}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "decision")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TapDecision.Connect.class, name = "connect"),
    @JsonSubTypes.Type(value = TapDecision.Lock.class, name = "lock"),
    @JsonSubTypes.Type(value = TapDecision.UnknownBadge.class, name = "unknown-badge"),
    @JsonSubTypes.Type(value = TapDecision.Denied.class, name = "denied"),
})
public sealed interface TapDecision {

    /** Show this user's desktop; {@code generation} orders the owners of that desktop. */
    record Connect(String userId, String displayName, DesktopAddress desktop, long generation) implements TapDecision {}

    /** Lock the endpoint (the same user tapped out); the session keeps running on the host. */
    record Lock(String userId, String reason) implements TapDecision {}

    /** No user has this badge. */
    record UnknownBadge() implements TapDecision {}

    /** The broker refuses (endpoint unknown, user disabled, ...), with a one-line reason. */
    record Denied(String reason) implements TapDecision {}
}
