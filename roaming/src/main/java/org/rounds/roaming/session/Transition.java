package org.rounds.roaming.session;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of an endpoint's state. {@code userId} is the user the change concerns: the user
 * now shown (to {@link RoamingState#IN_SESSION}), being connected ({@link RoamingState#CONNECTING}
 * once the broker named them), or whose session was just locked away ({@link RoamingState#LOCKED}).
 * {@code reason} says why, translatable by the UI; its {@code toString()} is one English line for
 * logs. It never contains a badge number.
 */
public record Transition(RoamingState from, RoamingState to, Optional<String> userId, Reason reason, Instant at) {
    public Transition {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }
}
