package org.rounds.broker.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** What the broker pushes to one endpoint. The JSON carries {@code "event": "session-moved" | ...}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PushEvent.SessionMoved.class, name = "session-moved"),
    @JsonSubTypes.Type(value = PushEvent.ProfileChanged.class, name = "profile-changed"),
})
public sealed interface PushEvent {

    /** Unique per event, echoed in the endpoint's {@link PushAck}. */
    String eventId();

    /**
     * The user's session now belongs to {@code toEndpoint} under {@code generation}: the
     * receiving endpoint clears its screen at once and locks, then acknowledges.
     */
    record SessionMoved(String eventId, String userId, String toEndpoint, long generation) implements PushEvent {}

    /**
     * The endpoint's effective profile is now {@code profile} at {@code version}: it applies the
     * settings at once (no restart) and acknowledges; bad settings are refused and the old
     * profile kept. Also sent when the push channel opens, so an endpoint that was offline
     * catches up.
     */
    record ProfileChanged(String eventId, String profile, int version, ProfileSettings settings) implements PushEvent {}
}
