package org.rounds.broker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.sql.SQLException;
import java.time.Clock;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.takeover.PushSender;
import org.rounds.broker.takeover.DecisionPhases;
import org.rounds.broker.takeover.TapService;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.broker.api.KioskRequest;
import org.rounds.broker.api.LogoffRequest;
import org.rounds.broker.api.PasswordLogin;
import org.rounds.broker.api.PinEntry;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's REST API and push channel on Javalin. Every refusal is JSON {@code {"error": "..."}}.
 * Plain HTTP, or HTTPS only when given a TLS context (then no plain port is opened at all).
 */
public final class BrokerHttp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerHttp.class);
    static final long MAX_BODY = 64 * 1024;
    /** How long a stopping broker waits for the requests in flight: a tap whose host starts a desktop takes up to 5 s. */
    static final long STOP_GRACE_MS = 6_000;
    /** How long a stopping broker leaves an idle connection open. */
    static final long SHUTDOWN_IDLE_MS = 100;
    private static final int MAX_ID = 64;

    private final Javalin app;
    private volatile DecisionQueue decisions = new DecisionQueue(DecisionQueue.DEFAULT_SLOTS);
    /** When (System.nanoTime) shedding was last logged: at most once a second, or an overload floods the log. */
    private final java.util.concurrent.atomic.AtomicLong shedLogged = new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - 1_000_000_000L);
    private final java.util.concurrent.atomic.AtomicLong shedSinceLog = new java.util.concurrent.atomic.AtomicLong();
    /** Counts the requests in flight, so that a stopping broker can finish them. */
    private final org.eclipse.jetty.server.handler.StatisticsHandler inFlight = new org.eclipse.jetty.server.handler.StatisticsHandler();
    private final PushHub push;
    private final BrokerMetrics metrics;
    private final SlowDecisions slowDecisions = new SlowDecisions();
    private final SourceGuard limits;
    private volatile PracticeThrottle practices;
    private final RevokedChannels revokedChannels;   // null on plain HTTP
    private final Database db;
    private final ObjectMapper json;
    private final Clock clock;
    private final TapService tapService;
    private final java.security.cert.X509Certificate endpointCa;   // null on plain HTTP
    private final org.rounds.broker.store.Admins admins;
    private final org.rounds.broker.console.Console console;
    private String host;
    private int requestedPort;

    /** {@code tls}: serve HTTPS with it instead of HTTP; null for plain HTTP (embedded and test brokers). */
    public BrokerHttp(Database db, Directory directory, ObjectMapper json, Clock clock, SourceLimits sourceLimits,
                      org.rounds.broker.store.Admins admins, org.rounds.broker.auth.BadgeKey badges, String brokerId,
                      TapServiceFactory taps, org.rounds.broker.tls.TlsSettings.Served tls) {
        this.push = new PushHub(json, new PushHub.Presence() {
            @Override public void opened(PushHub.Channel channel) throws SQLException {
                org.rounds.broker.store.PushChannels.opened(db, channel.tenant(), channel.endpointId(), brokerId, clock.instant());
            }

            @Override public void closed(PushHub.Channel channel) throws SQLException {
                org.rounds.broker.store.PushChannels.closed(db, channel.tenant(), channel.endpointId(), brokerId);
            }
        });
        this.metrics = new BrokerMetrics(push::count, db::answers);
        this.limits = new SourceGuard(sourceLimits, metrics, db, clock);
        org.rounds.broker.store.Tenants tenants = new org.rounds.broker.store.Tenants(db);
        this.practices = new PracticeThrottle(tenants::allLimits, System::nanoTime, DecisionQueue.DEFAULT_SLOTS);
        // HTTPS: every endpoint route and the push channel speak only for the client certificate's endpoint.
        EndpointIdentity identity = tls == null ? EndpointIdentity.trustingRequests()
                : EndpointIdentity.byCertificate(new org.rounds.broker.store.Enrolments(db));
        this.revokedChannels = identity.checks() ? new RevokedChannels(new org.rounds.broker.store.Enrolments(db), push) : null;
        this.db = db;
        this.admins = admins;
        this.json = json;
        this.clock = clock;
        this.endpointCa = tls == null ? null : tls.endpointCa().certificate();
        TapService tapService = taps.create(push);
        this.tapService = tapService;
        push.catchUp(tapService.sessions()::missedMove);
        push.greeting(tapService.profiles()::current);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY;
            // Answers are a few hundred bytes: compressing them saves nothing, and Javalin's check of
            // whether to was a tenth of the broker's CPU per tap (JFR, rounds bench broker).
            cfg.http.disableCompression();
            cfg.jsonMapper(new JavalinJackson(json, false));
            // A held push channel keeps its upgrade request's HTTP parser, and with it Jetty's header cache
            // (a 49,152-char table, 96 KB, built on a connection's first request): it was 57 KB of the
            // 75 KB of heap per endpoint held (heap dump of a broker holding 2,000, rounds bench broker).
            // Without the cache each header is parsed afresh, which no figure here can see.
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
            // Javalin opens its own plain connector only when none was added: this one replaces it, with a longer accept queue.
            cfg.jetty.addConnector((server, httpConfig) -> tls != null ? httpsConnector(server, httpConfig, tls.jetty())
                    : connector(server, new HttpConnectionFactory(httpConfig)));
            // Javalin puts its handlers inside this wrapper (see drain).
            cfg.jetty.modifyServer(server -> {
                server.setHandler(inFlight);
                server.setStopTimeout(STOP_GRACE_MS);
            });
        });
        app.get(BrokerApi.HEALTH_LIVE, ctx -> ctx.json(java.util.Map.of("status", "live")));
        Readiness readiness = new Readiness(db::answers);
        app.get(BrokerApi.HEALTH_READY, ctx -> {
            boolean ready = readiness.ready();
            ctx.status(ready ? 200 : 503).json(java.util.Map.of("status", ready ? "ready" : "database does not answer"));
        });
        for (String path : new String[] {BrokerApi.ENDPOINTS, BrokerApi.TAPS, BrokerApi.RECONNECT, BrokerApi.PINS, BrokerApi.LOGINS,
                BrokerApi.LOGOFF, BrokerApi.IDLE_LOCKS, BrokerApi.KIOSK_SESSIONS}) {
            app.before(path, identity::authenticate);
        }
        app.wsBeforeUpgrade(BrokerApi.PUSH, ctx -> {
            identity.authenticate(ctx);
            identity.require(ctx, ctx.pathParam("id"));
        });
        app.post(BrokerApi.ENDPOINTS, ctx -> {
            EndpointRegistration r = body(ctx, json, EndpointRegistration.class);
            id("endpointId", r.endpointId());
            identity.require(ctx, r.endpointId());
            if (r.kind() == null || !r.kind().matches("cart|tablet|kiosk|workstation"))
                throw new BadRequest("kind must be cart, tablet, kiosk or workstation");
            if (r.version() != null && !r.version().matches("[A-Za-z0-9._+~-]{1,64}"))
                throw new BadRequest("version must be 1..64 characters of A-Z a-z 0-9 . _ + ~ -");
            if (r.readers() != null && (r.readers().size() > 8
                    || r.readers().stream().anyMatch(n -> n == null || n.isBlank() || n.length() > 100 || !n.matches("[\\p{Print}&&[^;]]+"))))
                throw new BadRequest("readers must be at most 8 names of 1..100 printable characters without ';'");
            directory.in(identity.tenantOf(ctx)).registerEndpoint(r.endpointId(), r.kind(), r.location() == null ? "" : r.location(), r.version(),
                    r.readers() == null ? null : String.join("; ", r.readers()), clock.instant());
            ctx.status(204);
        });
        app.post(BrokerApi.TAPS, ctx -> {
            TapRequest r = body(ctx, json, TapRequest.class);
            id("endpointId", r.endpointId());
            id("tapId", r.tapId());
            identity.require(ctx, r.endpointId());
            if (r.credential().isBlank() || r.credential().length() > 256) throw new BadRequest("credential must be 1..256 characters");
            decide(ctx, "taps", identity.tenantOf(ctx), r.endpointId(), source -> tapService.tap(identity.tenantOf(ctx), r, source));
        });
        app.post(BrokerApi.RECONNECT, ctx -> {
            ReconnectRequest r = body(ctx, json, ReconnectRequest.class);
            id("endpointId", r.endpointId());
            id("userId", r.userId());
            identity.require(ctx, r.endpointId());
            decide(ctx, "reconnect", identity.tenantOf(ctx), r.endpointId(), source -> tapService.sessions().reconnect(identity.tenantOf(ctx), r));
        });
        app.post(BrokerApi.PINS, ctx -> {
            PinEntry e = body(ctx, json, PinEntry.class);
            id("endpointId", e.endpointId());
            id("tapId", e.tapId());
            identity.require(ctx, e.endpointId());
            if (!e.pin().matches("[0-9]{4,12}")) throw new BadRequest("pin must be 4..12 digits");
            if (e.pinToken().length() > 64) throw new BadRequest("pinToken must be at most 64 characters");
            decide(ctx, "pins", identity.tenantOf(ctx), e.endpointId(), source -> tapService.enterPin(identity.tenantOf(ctx), e, source));
        });
        app.post(BrokerApi.LOGINS, ctx -> {
            PasswordLogin p = body(ctx, json, PasswordLogin.class);
            id("endpointId", p.endpointId());
            id("userId", p.userId());
            id("tapId", p.tapId());
            identity.require(ctx, p.endpointId());
            if (p.password().isEmpty() || p.password().length() > 256) throw new BadRequest("password must be 1..256 characters");
            decide(ctx, "logins", identity.tenantOf(ctx), p.endpointId(), source -> tapService.passwordLogin(identity.tenantOf(ctx), p, source));
        });
        app.post(BrokerApi.LOGOFF, ctx -> {
            LogoffRequest r = body(ctx, json, LogoffRequest.class);
            id("endpointId", r.endpointId());
            id("userId", r.userId());
            identity.require(ctx, r.endpointId());
            decide(ctx, "logoff", identity.tenantOf(ctx), r.endpointId(), source -> tapService.sessions().logoff(identity.tenantOf(ctx), r));
        });
        app.post(BrokerApi.IDLE_LOCKS, ctx -> {
            IdleLockReport r = body(ctx, json, IdleLockReport.class);
            id("endpointId", r.endpointId());
            id("userId", r.userId());
            if (r.reconnectToken().length() > 128) throw new BadRequest("reconnectToken must be at most 128 characters");
            identity.require(ctx, r.endpointId());
            if (!admitted(ctx, "idle-locks", r.endpointId(), System.nanoTime())) return;
            if (tapService.sessions().idleLock(identity.tenantOf(ctx), r) == org.rounds.broker.takeover.SessionReliability.IdleLock.NOT_OWNER) {
                ctx.status(403).json(new ApiError("endpoint " + r.endpointId() + " does not own the session of " + r.userId()
                        + " at generation " + r.generation() + "; nothing changed"));
                return;
            }
            ctx.status(204);
        });
        app.post(BrokerApi.KIOSK_SESSIONS, ctx -> {
            KioskRequest r = body(ctx, json, KioskRequest.class);
            id("endpointId", r.endpointId());
            id("tapId", r.tapId());
            identity.requireKiosk(ctx, r.endpointId());
            decide(ctx, "kiosk-sessions", identity.tenantOf(ctx), r.endpointId(), source -> tapService.kiosk(identity.tenantOf(ctx), r));
        });
        app.ws(BrokerApi.PUSH, push::configure);
        EnrolmentRoute.register(app, db, json, clock, tls == null ? null : tls.endpointCa());
        AdminLoginThrottle throttle = new AdminLoginThrottle(clock);
        AdminRoutes.register(app, admins, db, directory, badges, tapService, throttle, json, clock);
        AdminProfileRoutes.register(app, admins, db, tapService.profiles(), json, clock);
        this.console = org.rounds.broker.console.Console.serve(app, admins, db, tapService, throttle, clock);
        app.get(BrokerApi.METRICS, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        app.get(BrokerApi.OPENAPI, ctx -> ctx.contentType("application/json").result(openApi()));
        app.exception(BadRequest.class, (e, ctx) -> ctx.status(400).json(new ApiError(e.getMessage())));
        app.exception(Refused.class, (e, ctx) -> ctx.status(e.status).json(new ApiError(e.getMessage())));
        app.exception(org.rounds.broker.takeover.PracticeLimitReached.class, (e, ctx) -> {
            metrics.throttled(ctx.path().substring(ctx.path().lastIndexOf('/') + 1), "practice");   // never the practice's name: a label per practice would grow
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds())).status(429).json(new ApiError(e.getMessage()));
        });
        app.exception(SQLException.class, (e, ctx) -> {
            log.warn("{} {}: database: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(503).json(new ApiError("the broker's database did not answer: " + e.getMessage()));
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("internal error: " + e.getClass().getSimpleName()));
        });
        // Javalin has already put its plain-text "Endpoint ... not found" in the result; a route of ours that
        // answers 404 (no such admin, no desktop to end) has put JSON there, which stays.
        app.error(404, ctx -> {
            if (ctx.contentType() == null || !ctx.contentType().startsWith("application/json"))
                ctx.json(new ApiError("no such path: " + ctx.path()));
        });
        app.error(413, ctx -> ctx.json(new ApiError("body larger than " + MAX_BODY + " bytes")));
    }

    /**
     * Answers a decision route within its source's limits and its practice's (429 with Retry-After
     * beyond them) and counts it for /metrics. The source is the request's, never the endpoint id
     * in its body; the practice is its certificate's.
     */
    private void decide(Context ctx, String route, org.rounds.broker.store.Tenant tenant, String endpointId, Decision decision)
            throws Exception {
        long start = System.nanoTime();
        if (!admitted(ctx, route, endpointId, start)) return;
        RequestSource source = RequestSource.of(ctx);
        // A logoff is never shed nor held to its practice's rate: it ends a session and frees a desktop
        // (less load, not more), and the clinician who logs off has walked away; nobody would retry it.
        // Before the queue: a flooding practice takes no slot, and a practice waits for its share in a line of its own.
        TapDecision d;
        DecisionQueue queue = route.equals("logoff") ? null : decisions;
        long inServer = waitedInServer(ctx);
        try (DecisionPhases.Record phases = DecisionPhases.begin();
             org.rounds.broker.takeover.CallerDeadline.Scope deadline = CallerDeadlines.of(ctx, start - inServer)) {
            try (PracticeThrottle.Admitted held = queue == null ? null : practices.admit(tenant, queue::free)) {
                if (queue != null && !queue.enter(inServer)) {
                    shed(ctx, route);
                    return;
                }
                DecisionPhases.add(DecisionPhases.Phase.ADMISSION, inServer + System.nanoTime() - start);
                try {
                    // the tap gives the slot back while it waits on the network (DatabaseTurns), and takes it again after;
                    // its practice's share stays held meanwhile, so that a practice's waits are bounded too
                    d = queue == null ? decision.decide(source.key())
                            : org.rounds.broker.takeover.DatabaseTurns.holding(queue.turn(), () -> decision.decide(source.key()));
                } finally {
                    if (queue != null) queue.leave();
                }
            }
            long end = System.nanoTime();
            phases.finish(inServer + end - start);
            limits.answered(source, endpointId, d, end);
            metrics.decided(route, d, end - start, phases);
            slowDecisions.note(route, tenant, d, inServer + end - start, phases);
        }
        ctx.json(d);
    }

    /** How long the request waited in Jetty (since its headers were read) before this handler ran, in nanoseconds. */
    private static long waitedInServer(Context ctx) {
        org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
        long received = base == null ? 0 : base.getTimeStamp();   // epoch ms
        return received <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - received) * 1_000_000;
    }

    /** Answers a request the decision queue shed: 503 with Retry-After, counted, and logged at most once a second. */
    private void shed(Context ctx, String route) {
        metrics.shed(route);
        shedSinceLog.incrementAndGet();
        long now = System.nanoTime(), last = shedLogged.get();
        if (now - last >= 1_000_000_000L && shedLogged.compareAndSet(last, now)) {
            log.warn("over capacity: shed {} decision request(s) with 503 since the last such line (they would have waited for the database longer than {} ms)",
                    shedSinceLog.getAndSet(0), DecisionQueue.TARGET_NANOS / 1_000_000);
        }
        ctx.header("Retry-After", "1").status(503).json(new ApiError("broker over capacity: requests wait longer than "
                + DecisionQueue.TARGET_NANOS / 1_000_000 + " ms for the database; try another broker, or this one again in 1 s"));
    }

    /** Whether the request's source is within its limits; if not, answers 429 with Retry-After. */
    private boolean admitted(Context ctx, String route, String endpointId, long nanos) throws SQLException {
        return admitted(ctx, route, RequestSource.of(ctx), endpointId, nanos);
    }

    private boolean admitted(Context ctx, String route, RequestSource source, String endpointId, long nanos) throws SQLException {
        java.util.Optional<SourceGuard.Refusal> refused = limits.admit(route, source, endpointId, nanos);
        if (refused.isEmpty()) return true;
        long wait = refused.get().retryAfterSeconds();
        ctx.header("Retry-After", Long.toString(wait)).status(429).json(new ApiError("too many "
                + refused.get().limit().replace('-', ' ') + " from " + source + "; wait " + wait + " s and try again"));
        return false;
    }

    /** A decision for a request from {@code source} (a {@link RequestSource} key). */
    @FunctionalInterface
    private interface Decision {
        TapDecision decide(String source) throws Exception;
    }

    /** The OpenAPI 3 description of this API (a resource kept beside this class). */
    private static String openApi() throws java.io.IOException {
        try (java.io.InputStream in = BrokerHttp.class.getResourceAsStream("openapi.json")) {
            if (in == null) throw new java.io.FileNotFoundException("openapi.json is missing from the broker jar");
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Builds the tap service once the push channel exists. */
    @FunctionalInterface
    public interface TapServiceFactory {
        TapService create(PushSender push);
    }

    /**
     * How many decisions work against the database at once (default {@value DecisionQueue#DEFAULT_SLOTS});
     * the others wait in line, and are shed with 503 when the line stands (see {@link DecisionQueue}).
     */
    public void decisionSlots(int slots) {
        decisions = new DecisionQueue(slots);
        practices = practices.withSlots(slots);
    }

    /**
     * Serves the desktop hosts' control channel ({@link BrokerApi#HOST_CONTROL}) through
     * {@code channels}; call before {@link #start}. Only on HTTPS: the channel needs the host's
     * client certificate.
     */
    public void serveHostControl(org.rounds.broker.hosts.HostChannels channels) {
        if (revokedChannels == null) throw new IllegalStateException("the host control channel needs an HTTPS broker (Broker.Builder.tls)");
        channels.register(app);
    }

    /**
     * Serves remote access ({@link BrokerApi#REMOTE_SIGN_INS}, {@link BrokerApi#REMOTE_RECONNECTS},
     * {@link BrokerApi#REMOTE_TUNNELS}) to enrolled gateways, with users' outside standing and
     * TOTP secrets from {@code access}, and its admin API routes (gateways, users' TOTP and
     * outside access); call before {@link #start}. A plain-HTTP broker serves the admin routes
     * only: gateways prove themselves with client certificates.
     */
    public void serveRemoteAccess(org.rounds.broker.store.OutsideAccess access, org.rounds.broker.auth.AuthPolicy auth) {
        AdminRemoteRoutes.register(app, admins, db, access, json, clock);
        if (endpointCa == null) return;
        GatewayIdentity gateways = new GatewayIdentity(new org.rounds.broker.store.Gateways(db), endpointCa, clock, System::nanoTime);
        RemoteRoutes.register(app, gateways, new org.rounds.broker.takeover.OutsideSignIns(db, access, tapService, clock, auth), json,
                this::admitted);
    }

    public void start(String host, int port) {
        this.host = host;
        this.requestedPort = port;
        app.start(host, port);
    }

    /** Built during {@link #start}, once the address is known. */
    private ServerConnector httpsConnector(Server server, HttpConfiguration httpConfig, SslContextFactory.Server tls) {
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        https.addCustomizer(new SecureRequestCustomizer());
        return connector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(https));
    }

    /**
     * Connections the kernel may hold for the broker to accept: Jetty's default (the JDK's 50) was
     * overflowed whenever endpoints whose idle connections had been closed tapped at once (every
     * endpoint's first tap after 30 s idle opens one), and a dropped SYN is retried after 1, 3, 7 s:
     * taps answered in milliseconds reached their endpoints seconds later (the kernel's
     * ListenOverflows counted them, rounds bench broker --tenants). As many as Linux allows by
     * default (net.core.somaxconn), the same after a broker failover, when its endpoints come at once.
     */
    static final int ACCEPT_QUEUE = 4096;

    private ServerConnector connector(Server server, org.eclipse.jetty.server.ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setHost(host);
        connector.setPort(requestedPort);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    /** Whether the default practice's endpoint's push channel is open on this broker. */
    public boolean pushConnected(String endpointId) {
        return pushConnected(org.rounds.broker.store.Tenant.DEFAULT, endpointId);
    }

    /** Whether the push channel of endpoint {@code endpointId} of practice {@code tenant} is open on this broker. */
    public boolean pushConnected(org.rounds.broker.store.Tenant tenant, String endpointId) {
        return push.connected(tenant, endpointId);
    }

    public int port() {
        return app.port();
    }

    /**
     * Every route this broker serves, as {@code "POST /api/v1/taps"} (a WebSocket upgrade as
     * {@code "WS /api/v1/hosts/control"}), in the order added: for tests that must try each, so a
     * new route cannot be forgotten.
     */
    public java.util.List<String> routes() {
        var router = app.unsafeConfig().pvt.internalRouter;
        java.util.List<String> all = new java.util.ArrayList<>();
        router.allHttpHandlers().stream().map(io.javalin.router.ParsedEndpoint::getEndpoint).filter(e -> e.getMethod().isHttpMethod())
                .forEach(e -> all.add(e.getMethod() + " " + e.getPath()));
        router.allWsHandlers().stream().filter(w -> w.getType() == io.javalin.websocket.WsHandlerType.WEBSOCKET)
                .forEach(w -> all.add("WS " + w.getPath()));
        return all;
    }

    /**
     * The first step of a stop (a rolling upgrade): refuses new connections at once, so endpoints
     * move to another broker, and waits at most {@link #STOP_GRACE_MS} for the requests in flight.
     * Connections already open stay open meanwhile: a tap waiting for its desktop host needs that
     * host's control channel (a WebSocket here) until it is answered.
     */
    public void drain() {
        for (org.eclipse.jetty.server.AbstractConnector c : connectors()) {
            c.setShutdownIdleTimeout(STOP_GRACE_MS);
            c.shutdown();   // closes the listening socket; the idle timeout above keeps open connections open
        }
        long end = System.nanoTime() + STOP_GRACE_MS * 1_000_000;
        while (inFlight.getRequestsActive() > 0 && System.nanoTime() < end) {
            try {
                // polled: StatisticsHandler's own wait (its shutdown) would answer 503 to a request that
                // comes meanwhile on a connection already open, which this broker can still answer
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        if (revokedChannels != null) revokedChannels.close();
        // An idle kept-alive connection would hold the stop for Jetty's default 1 s; the endpoint
        // retries a request that meets one just closed, on a fresh connection.
        for (org.eclipse.jetty.server.AbstractConnector c : connectors()) c.setShutdownIdleTimeout(SHUTDOWN_IDLE_MS);
        console.close();   // first: its live feeds are requests a graceful stop would wait for
        app.stop();
    }

    private java.util.List<org.eclipse.jetty.server.AbstractConnector> connectors() {
        return java.util.Arrays.stream(app.jettyServer().server().getConnectors())
                .filter(org.eclipse.jetty.server.AbstractConnector.class::isInstance)
                .map(org.eclipse.jetty.server.AbstractConnector.class::cast).toList();
    }

    static <T> T body(Context ctx, ObjectMapper json, Class<T> type) {
        if (ctx.contentLength() > MAX_BODY) throw new BadRequest("body larger than " + MAX_BODY + " bytes");
        String body = ctx.body();
        if (body.isBlank()) throw new BadRequest("empty body: expected a JSON " + type.getSimpleName());
        try {
            return json.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw new BadRequest("unknown field '" + e.getPropertyName() + "' in " + type.getSimpleName());
        } catch (JsonProcessingException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            String why = root instanceof NullPointerException ? "missing field " + root.getMessage()
                    : e.getOriginalMessage().lines().findFirst().orElse("malformed");
            throw new BadRequest("malformed " + type.getSimpleName() + ": " + why);
        }
    }

    static void id(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID || !value.matches("[A-Za-z0-9._:-]+"))
            throw new BadRequest(field + " must be 1.." + MAX_ID + " characters of A-Z a-z 0-9 . _ : -");
    }
}
