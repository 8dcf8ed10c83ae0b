package org.rounds.roaming.session;

import java.time.Instant;

/**
 * Observes a {@link RoamingEndpoint}. Called on the endpoint's own thread, in order; handlers
 * must be fast (the UI hands the call to its own thread) and must not throw.
 */
@FunctionalInterface
public interface StateListener {

    void transitioned(Transition transition);

    /**
     * A tap that changed nothing: for example an unknown badge, or an unreachable broker, while
     * a session stays shown. {@code reason} is one line for the status bar. Default: nothing.
     */
    default void tapIgnored(Reason reason, Instant at) {}
}
