package org.rounds.gateway;

import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.DesktopTls;
import org.rounds.broker.api.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote-access gateway: one public TLS 1.3 port carrying the outside sign-in and the
 * reconnect after a dropped tunnel, forwarded to the brokers ({@link ForwardRoute}), and the
 * desktop stream tunnelled as binary WebSocket frames to desktop hosts inside
 * ({@link TunnelRoute}). Every other path is 404. It keeps no state of its
 * own beyond its enrolled key and certificate ({@link GatewayFiles}), so several can stand
 * behind one name. Enrol first ({@link GatewayEnrolment#ensure}).
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Marks a response that is a broker's answer passed back, which the 404 page must leave alone. */
    static final String PASSED = "rounds.gateway.passed";
    /** How long an open HTTP connection may sit idle between requests (tunnels set their own). */
    private static final Duration HTTP_IDLE = Duration.ofSeconds(30);
    /** How long a stopping gateway waits for outside devices to answer its tunnels' close frames. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** A body slower than this (bytes/s) is cut: a sign-in of a few hundred bytes arrives in one packet. */
    private static final long MIN_REQUEST_DATA_RATE = 1024;

    private final Builder settings;
    private final Path developmentCa;   // null with a site certificate
    private final Brokers brokers;
    private final ScheduledExecutorService timer;
    private final ConnectionGuard guard;
    private final TunnelRoute tunnels;
    private final Javalin app;

    private Gateway(Builder b) {
        this.settings = b;
        GatewayFiles files = new GatewayFiles(b.data);
        if (!files.enrolled()) throw new GatewayException(GatewayEnrolment.notEnrolled(files));
        SslContextFactory.Server publicTls = b.tlsCertificate != null ? PublicTls.fromFiles(b.tlsCertificate, b.tlsKey)
                : PublicTls.development(b.data.resolve(GatewayFiles.DEV_TLS), b.bind, Instant.now());
        this.developmentCa = b.tlsCertificate != null ? null : b.data.resolve(GatewayFiles.DEV_TLS).resolve(PublicTls.CA_CERT);
        this.brokers = Brokers.mutual(b.brokers, b.brokerCa, files);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rounds-gateway-deadlines");
            t.setDaemon(true);
            return t;
        });
        this.guard = new ConnectionGuard(b.limits.maxConnections(), b.limits.handshakeDeadline(), timer);
        ForwardRoute signIns = new ForwardRoute(BrokerApi.REMOTE_SIGN_INS, "sign-ins", brokers, b.limits.signIns(), b.limits.maxSources());
        ForwardRoute reconnects = new ForwardRoute(BrokerApi.REMOTE_RECONNECTS, "reconnects", brokers, b.limits.reconnects(), b.limits.maxSources());
        this.tunnels = new TunnelRoute(brokers, b.desktopTls, b.limits, timer);
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.disableCompression();
            cfg.http.maxRequestSize = ForwardRoute.MAX_BODY;
            cfg.jetty.addConnector((server, http) -> connector(server, http, publicTls));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new OneLineErrors()));
            cfg.jetty.modifyWebSocketServletFactory(f -> {
                // From the first frame: Jetty closes a larger frame or message with 1009.
                f.setMaxFrameSize(b.limits.maxFrameBytes());
                f.setMaxBinaryMessageSize(b.limits.maxFrameBytes());
                f.setMaxTextMessageSize(1024);
                // No extension, permessage-deflate above all: RFB's encodings are compressed already,
                // deflating them again costs the gateway CPU for nothing, and inflating what outside
                // sends would let a small frame grow past the frame limit's intent. (The set is the
                // registry's own, so clearing it is what switches them off.)
                f.getAvailableExtensionNames().clear();
            });
        });
        app.exception(Refused.class, (e, ctx) -> e.answer(ctx));
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("{} {} failed: {}", ctx.method(), ctx.path(), OneLine.withType(e));
            ctx.status(500).json(new ApiError("the gateway failed to answer; try again"));
        });
        app.error(404, ctx -> {
            // the caller's path is not echoed: the public port tells a stranger no more than it must
            if (ctx.attribute(PASSED) == null)
                ctx.json(new ApiError("no such route on the gateway: it serves the outside sign-in and the desktop tunnel only"));
        });
        app.post(BrokerApi.REMOTE_SIGN_INS, signIns::handle);
        app.post(BrokerApi.REMOTE_RECONNECTS, reconnects::handle);
        tunnels.register(app);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving on {@code --bind}:{@code --port}; one line naming the address when it is taken. */
    public Gateway start() {
        try {
            app.start(settings.bind, settings.port);
        } catch (RuntimeException e) {
            close();
            throw new GatewayException("cannot serve on " + settings.bind + ":" + settings.port + ": " + OneLine.withRootCause(e), e);
        }
        log.info("gateway serving on {}:{}, forwarding to {}", settings.bind, port(), settings.brokers);
        return this;
    }

    public int port() {
        return app.port();
    }

    /** The development CA outside clients must trust; empty when the public port serves the site's certificate. */
    public java.util.Optional<Path> developmentCa() {
        return java.util.Optional.ofNullable(developmentCa);
    }

    /** Connections and tunnels open now (for tests and logs). */
    int openConnections() { return guard.open(); }

    int openTunnels() { return tunnels.open(); }

    @Override
    public void close() {
        tunnels.closeAll(STOP_GRACE);
        app.stop();
        brokers.close();
        timer.shutdownNow();
    }

    private ServerConnector connector(Server server, HttpConfiguration base, SslContextFactory.Server tls) {
        HttpConfiguration https = new HttpConfiguration(base);
        https.addCustomizer(new SecureRequestCustomizer(false));   // SNI host check off: see PublicTls
        https.setSendServerVersion(false);
        https.setSendXPoweredBy(false);
        https.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(tls, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        c.setHost(settings.bind);
        c.setPort(settings.port);
        c.setIdleTimeout(HTTP_IDLE.toMillis());
        c.addBean(guard);
        return c;
    }

    /** The gateway's settings; {@link #build} checks them. */
    public static final class Builder {
        private String bind = "0.0.0.0";
        private int port = 8443;
        private List<URI> brokers = List.of();
        private Path brokerCa;
        private Path data;
        private Path tlsCertificate, tlsKey;
        private GatewayLimits limits = GatewayLimits.DEFAULT;
        private DesktopTls desktopTls = DesktopTls.END_TO_END;

        /** The address to listen on (default 0.0.0.0, every IPv4 address). */
        public Builder bind(String address) { this.bind = Objects.requireNonNull(address); return this; }

        /** The public port (default 8443; 0 picks a free one). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) throw new GatewayException("--port " + port + " is outside 0..65535");
            this.port = port;
            return this;
        }

        /** The brokers, https://HOST:PORT, tried in this order. */
        public Builder brokers(List<URI> brokers) { this.brokers = List.copyOf(brokers); return this; }

        /** The CA the brokers' certificates chain to (PEM); the only one trusted toward them. */
        public Builder brokerCa(Path pem) { this.brokerCa = Objects.requireNonNull(pem); return this; }

        /** Where the enrolled key and certificate are (and the development certificate goes). */
        public Builder data(Path dir) { this.data = Objects.requireNonNull(dir); return this; }

        /** The public port's certificate chain and key (PEM); without them, a development certificate under {@code data}. */
        public Builder tls(Path certificate, Path key) {
            this.tlsCertificate = Objects.requireNonNull(certificate);
            this.tlsKey = Objects.requireNonNull(key);
            return this;
        }

        /** Deadlines, caps and rates of the public port (default {@link GatewayLimits#DEFAULT}). */
        public Builder limits(GatewayLimits limits) { this.limits = Objects.requireNonNull(limits); return this; }

        /**
         * Who ends the desktop's TLS (default {@link DesktopTls#END_TO_END}: the gateway relays
         * bytes it cannot read). {@link DesktopTls#GATEWAY} makes the gateway speak VeNCrypt X509Vnc
         * to the host itself, pinned, and plain RFB inside the tunnel: less for each keystroke to
         * carry, and a gateway that sees every pixel. IT's choice.
         */
        public Builder desktopTls(DesktopTls mode) { this.desktopTls = Objects.requireNonNull(mode); return this; }

        public Gateway build() {
            if (brokerCa == null || data == null || brokers.isEmpty()) throw new GatewayException("a gateway needs brokers, their CA and a data directory");
            return new Gateway(this);
        }
    }
}
