package org.rounds.broker.api;

/** Paths of the broker's versioned REST API and push channel. */
public final class BrokerApi {
    private BrokerApi() {}

    public static final String VERSION = "v1";
    /** POST {@link TapRequest} → {@link TapDecision}. */
    public static final String TAPS = "/api/v1/taps";
    /**
     * POST {@link ReconnectRequest} → {@link TapDecision}: connect, lock (the session moved), or
     * denied (the token is not this endpoint's session any more, or the drop is older than the
     * broker's reconnect window, 180 s by default); an endpoint locks on anything but connect.
     */
    public static final String RECONNECT = "/api/v1/sessions/reconnect";
    /** POST {@link PinEntry} → {@link TapDecision}. */
    public static final String PINS = "/api/v1/pins";
    /** POST {@link PasswordLogin} → {@link TapDecision}. */
    public static final String LOGINS = "/api/v1/logins";
    /** POST {@link KioskRequest} → {@link TapDecision} (connect or denied). */
    public static final String KIOSK_SESSIONS = "/api/v1/kiosk-sessions";
    /** POST {@link LogoffRequest} → {@link TapDecision} (lock). */
    public static final String LOGOFF = "/api/v1/sessions/logoff";
    /**
     * POST {@link IdleLockReport} → 204: the endpoint locked its session for idleness; the broker
     * revokes the reconnect token, ends the endpoint's ownership (its user's next tap there
     * connects), cuts the desktop's viewer and audits {@code idle-lock}. 403 when the endpoint
     * does not own that session (nothing changes).
     */
    public static final String IDLE_LOCKS = "/api/v1/idle-locks";
    /** POST {@link EndpointRegistration} → 204. */
    public static final String ENDPOINTS = "/api/v1/endpoints";
    /**
     * POST {@link EnrolmentRequest} → {@link EnrolmentAnswer}: a one-time code and a CSR for the
     * endpoint's certificate. Open without a client certificate (the endpoint has none yet).
     */
    public static final String ENROLMENTS = "/api/v1/enrolments";
    /**
     * WebSocket: the broker sends {@link PushEvent}s to one endpoint; the endpoint answers {@link PushAck}s.
     * Catch-up by generation: an endpoint showing a session opens it with the query
     * {@code ?user=U&generation=G} and that session's reconnect token in the header
     * {@link #RECONNECT_TOKEN_HEADER}; if U's session has meanwhile moved past G (a push missed
     * while the channel was down), the broker sends that {@code session-moved} at once on open.
     * Without the token the broker says nothing: where a user's session went is only for the
     * endpoint that showed it.
     */
    public static final String PUSH = "/api/v1/endpoints/{id}/push";
    /**
     * The header in which an endpoint says how long it waits for this answer, in milliseconds
     * from sending it (its share of the tap's deadline, as gRPC's {@code grpc-timeout}): a broker
     * stops waiting on another tap of the user then, instead of working on an answer nobody waits
     * for. Absent, or not a number from 1 to {@link #MAX_DEADLINE_MS}: the broker's own bounds.
     */
    public static final String DEADLINE_HEADER = "Rounds-Deadline-Ms";
    /** The longest deadline a broker takes from {@link #DEADLINE_HEADER}; longer ones are cut to it. */
    public static final long MAX_DEADLINE_MS = 60_000;
    /** The header carrying a shown session's reconnect token when a push channel opens (never a query: URLs get logged). */
    public static final String RECONNECT_TOKEN_HEADER = "Rounds-Reconnect-Token";
    /** The key of {@link #RECONNECT_TOKEN_HEADER}'s value among a push listener's catch-up entries. */
    public static final String CATCH_UP_TOKEN = "token";
    /**
     * POST {@link HostEnrolmentRequest} → {@link HostEnrolmentAnswer}: a desktop host's one-time
     * code and CSR for its certificate. Open without a client certificate.
     */
    public static final String HOST_ENROLMENTS = "/api/v1/host-enrolments";
    /** WebSocket, mutual TLS with a host certificate: a desktop host's control channel ({@link HostMessage}). */
    public static final String HOST_CONTROL = "/api/v1/hosts/control";
    /**
     * POST {@link GatewayEnrolmentRequest} → {@link GatewayEnrolmentAnswer}: a remote-access
     * gateway's one-time code ({@code rounds broker gateways add NAME}) and CSR for its
     * certificate. Open without a client certificate.
     */
    public static final String GATEWAY_ENROLMENTS = "/api/v1/gateway-enrolments";
    /**
     * POST {@link RemoteSignIn} → {@link RemoteSignInAnswer}: a doctor outside the hospital signs
     * in with user id, password and a TOTP code. Reaches a broker only through a gateway, whose
     * client certificate the broker checks; refusals are 401 (wrong password or code, a code
     * already used), 403 (outside access refused for the user), 429 (throttled or locked out
     * from that source), each an {@link ApiError} in one line.
     */
    public static final String REMOTE_SIGN_INS = "/api/v1/remote/sign-ins";
    /**
     * POST {@link TunnelRedemption} → {@link TunnelTarget}, mutual TLS with a gateway
     * certificate: the gateway redeems the ticket an outside endpoint brought, once; 404 for a
     * ticket unknown, used or expired.
     */
    public static final String REMOTE_TUNNELS = "/api/v1/remote/tunnels";
    /**
     * POST {@link ReconnectRequest} → {@link RemoteSignInAnswer}, mutual TLS with a gateway
     * certificate and {@link #OUTSIDE_SOURCE_HEADER}: an outside device whose tunnel dropped gets
     * its session back without a new sign-in (its TOTP code is spent), as an inside endpoint does
     * with {@link #RECONNECT}: a fresh ticket and desktop password, same generation, while the
     * device still owns that generation within the reconnect window. Refusals: 403 (a token that
     * does not match, or an id that is not an outside device's), 409 (the session moved on; sign
     * in again), 429 (throttled), each an {@link ApiError} in one line.
     */
    public static final String REMOTE_RECONNECTS = "/api/v1/remote/reconnects";
    /**
     * WebSocket on the gateway's public port: binary frames carry the RFB stream to and from the
     * desktop that the ticket in {@link #TUNNEL_TICKET_HEADER} was issued for.
     */
    public static final String REMOTE_TUNNEL = "/api/v1/remote/tunnel";
    /** The header carrying a tunnel ticket when the tunnel opens (never a query: URLs get logged). */
    public static final String TUNNEL_TICKET_HEADER = "Rounds-Tunnel-Ticket";
    /**
     * On the tunnel's upgrade answer: who ends the desktop's TLS, a {@link DesktopTls#wire()}
     * name. Absent means {@code end-to-end} (a gateway older than the header).
     */
    public static final String DESKTOP_TLS_HEADER = "Rounds-Desktop-Tls";
    /**
     * The outside caller's address, set by a gateway on what it forwards. A broker believes it only
     * on a request made with a gateway's certificate; a gateway drops it from what callers send.
     */
    public static final String OUTSIDE_SOURCE_HEADER = "Rounds-Outside-Source";
    public static final String HEALTH_LIVE = "/health/live";
    /**
     * The admin API. POST sessions {name, password, totp} logs an admin in and gives a 15-minute
     * token for {@code Authorization: Bearer <token>}; DELETE sessions logs out. Viewer: GET users,
     * endpoints, desktop-sessions, audit?user=&limit=. Helpdesk: also PUT users/{id},
     * DELETE users/{id}/badges, DELETE desktop-sessions/{userId}. Admin: also PUT kiosks/{endpointId},
     * GET admins, POST admins/{name}/disable. 401 without a live session, 403 for a role too low.
     */
    public static final String ADMIN = "/api/v1/admin";
    /** GET: Prometheus metrics. */
    public static final String METRICS = "/metrics";
    /** GET: the OpenAPI 3 description of this API. */
    public static final String OPENAPI = "/openapi.json";
    public static final String HEALTH_READY = "/health/ready";

    public static String pushPath(String endpointId) {
        return PUSH.replace("{id}", endpointId);
    }
}
