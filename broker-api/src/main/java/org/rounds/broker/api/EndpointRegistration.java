package org.rounds.broker.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An endpoint announcing itself: {@code kind} is cart, tablet, kiosk or workstation. Optional, for
 * the IT console: {@code version}, the endpoint software's version, and {@code readers}, the badge
 * readers it has seen (at most 8 names); null when the endpoint does not say, and then left out of
 * the JSON (a broker from before these fields refuses fields it does not know).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointRegistration(String endpointId, String kind, String location, String version, List<String> readers) {
    public EndpointRegistration {
        readers = readers == null ? null : List.copyOf(readers);
    }

    /** Without version or readers (an endpoint that does not report them). */
    public EndpointRegistration(String endpointId, String kind, String location) {
        this(endpointId, kind, location, null, null);
    }
}
