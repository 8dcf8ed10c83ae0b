package org.rounds.roaming.api;

/** Paths of the broker's versioned REST API and push channel. */
public final class BrokerApi {
    private BrokerApi() {}

    public static final String VERSION = "v1";
    /** POST {@link TapRequest} → {@link TapDecision}. */
    public static final String TAPS = "/api/v1/taps";
    /** POST {@link ReconnectRequest} → {@link TapDecision} (connect or lock). */
    public static final String RECONNECT = "/api/v1/sessions/reconnect";
    /** POST {@link EndpointRegistration} → 204. */
    public static final String ENDPOINTS = "/api/v1/endpoints";
    /** WebSocket: the broker sends {@link PushEvent}s to one endpoint; the endpoint answers {@link PushAck}s. */
    public static final String PUSH = "/api/v1/endpoints/{id}/push";
    public static final String HEALTH_LIVE = "/health/live";
    public static final String HEALTH_READY = "/health/ready";

    public static String pushPath(String endpointId) {
        return PUSH.replace("{id}", endpointId);
    }
}
