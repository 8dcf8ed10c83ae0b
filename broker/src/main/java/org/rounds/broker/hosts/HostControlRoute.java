package org.rounds.broker.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.api.ApiError;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket at {@value BrokerApi#HOST_CONTROL}: only a client certificate that stands for an
 * enrolled host gets in (401 without one, 403 for any other), at most {@link Limits#perSource}
 * channels per host certificate and {@link Limits#channels} in all (429/503 beyond). The host must say
 * Hello within {@link Limits#helloWait}; a message over {@link HostMessage#MAX_BYTES} (Jetty
 * closes with 1009), one that cannot be read, or one only a broker sends, closes the channel with
 * one log line. What the host says goes into the {@link HostRegistry}; the moment the socket
 * closes the registry hears it, which is how a killed host is seen before its heartbeats lapse.
 */
final class HostControlRoute {
    private static final Logger log = LoggerFactory.getLogger(HostControlRoute.class);
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    private static final String HOST = "rounds.host", SOURCE = "rounds.host.source";
    static final int NO_HELLO = 4001, UNREADABLE = 4002, UNEXPECTED = 4003, REPLACED = 4000, REVOKED = 4004;
    private static final String CERTIFICATE = "rounds.host.certificate";

    /** The deadline and caps of the route; tests shorten the deadline. */
    record Limits(Duration helloWait, int perSource, int channels, Duration idle) {
        /** Two per host: its channel, and the one replacing it while the old one closes. */
        static final Limits DEFAULT = new Limits(Duration.ofSeconds(5), 2, 1000, Duration.ofMillis(2L * HostMessage.DOWN_AFTER_MILLIS));

        Limits withHelloWait(Duration wait) {
            if (wait.isNegative() || wait.isZero()) throw new IllegalArgumentException("the hello wait must be positive");
            return new Limits(wait, perSource, channels, idle);
        }
    }

    /** Refuses an upgrade with a status and a one-line JSON error. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** One accepted socket, before and after its hello. */
    private static final class Socket {
        final String host, source;
        final WsContext ctx;
        volatile HostChannel channel;   // set by the hello
        volatile ScheduledFuture<?> deadline;
        volatile X509Certificate certificate;

        Socket(String host, String source, WsContext ctx) {
            this.host = host;
            this.source = source;
            this.ctx = ctx;
        }
    }

    private final HostRegistry registry;
    private final HostCertificateCheck check;
    private final String brokerId;
    private final Clock clock;
    private final ObjectMapper json;
    private final Limits limits;
    private final Map<String, HostChannel> byHost;
    private final Map<String, Socket> sockets = new ConcurrentHashMap<>();
    private final Map<String, Integer> perSource = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rounds-host-control");
        t.setDaemon(true);
        return t;
    });

    HostControlRoute(HostRegistry registry, HostCertificateCheck check, String brokerId, Clock clock, ObjectMapper json,
                     Limits limits, Map<String, HostChannel> byHost) {
        this.registry = registry;
        this.check = check;
        this.brokerId = brokerId;
        this.clock = clock;
        this.json = json;
        this.limits = limits;
        this.byHost = byHost;
    }

    void register(Javalin app) {
        app.exception(Refused.class, (e, ctx) -> ctx.status(e.status).json(new ApiError(e.getMessage())));
        app.wsBeforeUpgrade(BrokerApi.HOST_CONTROL, ctx -> {
            Object chain = ctx.req().getAttribute(CERTIFICATES);
            if (!(chain instanceof X509Certificate[] certs) || certs.length == 0)
                throw new Refused(401, "the host control channel needs the desktop host's client certificate: "
                        + "enrol the host with 'rounds desktop-host --enrol-code CODE'");
            String host = check.host(certs[0]).orElseThrow(() -> new Refused(403,
                    "this client certificate is no enrolled desktop host's (unknown or revoked): enrol the host again"));
            // The source is the certificate's host, as everywhere a certificate names the caller
            // (identity.md): hosts behind one NAT address must not crowd each other out.
            String source = "cert:" + host;
            if (sockets.size() >= limits.channels())
                throw new Refused(503, "this broker holds " + limits.channels() + " host control channels already; join another broker");
            if (perSource.getOrDefault(source, 0) >= limits.perSource())
                throw new Refused(429, "desktop host " + host + " has " + limits.perSource() + " control channels open here already; "
                        + "a host needs one: stop the other copy of it");
            ctx.attribute(HOST, host);
            ctx.attribute(SOURCE, source);
            ctx.attribute(CERTIFICATE, certs[0]);
        });
        app.ws(BrokerApi.HOST_CONTROL, ws -> {
            ws.onConnect(this::connected);
            ws.onMessage(ctx -> received(ctx, ctx.message()));
            ws.onBinaryMessage(ctx -> close(ctx, UNREADABLE, "a binary message"));
            ws.onClose(ctx -> ended(ctx, "closed " + ctx.status() + (ctx.reason() == null ? "" : " " + ctx.reason()),
                    ctx.status() == 1000));   // a host closes normally only when it stops
            ws.onError(ctx -> ended(ctx, "failed: " + (ctx.error() == null ? "unknown" : OneLine.withType(ctx.error()))));
        });
    }

    private void connected(WsContext ctx) {
        ctx.session.setMaxTextMessageSize(HostMessage.MAX_BYTES);
        ctx.session.setMaxBinaryMessageSize(1024);
        ctx.session.setIdleTimeout(limits.idle());
        Socket s = new Socket(ctx.attribute(HOST), ctx.attribute(SOURCE), ctx);
        s.certificate = ctx.attribute(CERTIFICATE);
        sockets.put(ctx.sessionId(), s);
        perSource.merge(s.source, 1, Integer::sum);
        s.deadline = timer.schedule(() -> {
            if (s.channel == null) close(ctx, NO_HELLO, "no hello within " + limits.helloWait().toMillis() + " ms");
        }, limits.helloWait().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void received(WsContext ctx, String text) {
        Socket s = sockets.get(ctx.sessionId());
        if (s == null) return;
        HostMessage m;
        try {
            m = json.readValue(text, HostMessage.class);
        } catch (Exception e) {
            close(ctx, UNREADABLE, "an unreadable message");
            return;
        }
        HostChannel c = s.channel;
        if (c == null) {
            if (!(m instanceof HostMessage.Hello hello)) {
                close(ctx, UNEXPECTED, "a " + m.getClass().getSimpleName() + " before its hello");
                return;
            }
            hello(s, hello);
        } else if (m instanceof HostMessage.Heartbeat beat) {
            // A host revoked while connected is cut at its next heartbeat, not only refused its next channel.
            if (s.certificate != null && check.host(s.certificate).isEmpty()) {
                close(ctx, REVOKED, "a certificate that stands for no enrolled host any more (revoked)");
                return;
            }
            record(s.host, "heartbeat", () -> registry.heartbeat(s.host, beat, brokerId, clock.instant()));
        } else if (m instanceof HostMessage.Reply reply) {
            if (!c.answered(reply)) log.debug("desktop host {} answered {} late or unasked", s.host, reply.id());
        } else {
            close(ctx, UNEXPECTED, "a " + m.getClass().getSimpleName() + " message, which a host does not send");
        }
    }

    private void hello(Socket s, HostMessage.Hello hello) {
        String wrong = wrongIn(hello);
        if (wrong != null) {
            close(s.ctx, UNREADABLE, "a hello with " + wrong);
            return;
        }
        ScheduledFuture<?> d = s.deadline;
        if (d != null) d.cancel(false);
        HostChannel c = new HostChannel(s.host, s.ctx, json);
        s.channel = c;
        HostChannel old = byHost.put(s.host, c);
        if (old != null && old != c) {
            old.closed("replaced by a newer control channel");
            old.ctx.closeSession(REPLACED, "replaced by a newer control channel");
        }
        record(s.host, "hello", () -> registry.hello(s.host, hello, brokerId, clock.instant()));
        try {
            c.send(new HostMessage.Welcome(brokerId, HostMessage.HEARTBEAT_MILLIS));
        } catch (Exception e) {
            close(s.ctx, UNEXPECTED, "a welcome that could not be sent");
            return;
        }
        log.info("desktop host {} joined from {} ({} at {}, {} desktops)", s.host, s.ctx.session.getRemoteAddress(), hello.provider(), hello.address(),
                hello.desktops().size());
        endStrays(s.host, c, hello);
    }

    /** Desktops the host kept while it was lost, whose users have a new desktop elsewhere: ended, so no user has two. */
    private void endStrays(String host, HostChannel c, HostMessage.Hello hello) {
        if (hello.desktops().isEmpty()) return;
        List<String> strays;
        try {
            strays = registry.strays(host, hello.desktops().stream().map(HostMessage.Desktop::userId).toList(), clock.instant());
        } catch (RuntimeException e) {
            log.warn("could not tell which desktops of host {} are strays: {}", host, e.getMessage());
            return;
        }
        for (String user : strays) {
            String id = "stray-" + java.util.UUID.randomUUID();
            log.info("desktop host {} still runs a desktop of user {}, who has one on another host now: ending it", host, user);
            c.send(id, new HostMessage.Logoff(id, user));   // its reply needs no waiting for
        }
    }

    /** What is wrong with a hello, or null. */
    private static String wrongIn(HostMessage.Hello h) {
        if (h.provider() == null || !h.provider().matches("embedded|xvnc|static")) return "a provider other than embedded, xvnc or static";
        if (h.address() == null || h.address().length() > 300 || !h.address().matches("\\S+:\\d{1,5}")) return "an address that is not HOST:PORT";
        if (h.pin() == null || !h.pin().matches("[0-9a-f]{64}")) return "a pin that is not 64 lower-case hex digits";
        if (h.capacity() < 0) return "a negative capacity";
        if (h.site().length() > 64) return "a site longer than 64 characters";
        return null;
    }

    private void close(WsContext ctx, int code, String what) {
        Socket s = sockets.get(ctx.sessionId());
        log.warn("control channel of desktop host {} closed: it sent {}", s == null ? "?" : s.host, what);
        ended(ctx, "it sent " + what);   // forgotten before the host hears the close
        ctx.closeSession(code, what.length() > 100 ? what.substring(0, 100) : what);
    }

    private void ended(WsContext ctx, String why) {
        ended(ctx, why, false);
    }

    /** {@code stopping}: the host said goodbye (it is stopping), so it is down now, not after its heartbeats run out. */
    private void ended(WsContext ctx, String why, boolean stopping) {
        Socket s = sockets.remove(ctx.sessionId());
        if (s == null) return;
        perSource.computeIfPresent(s.source, (k, n) -> n <= 1 ? null : n - 1);
        ScheduledFuture<?> d = s.deadline;
        if (d != null) d.cancel(false);
        HostChannel c = s.channel;
        if (c == null) return;
        c.closed(why);
        if (byHost.remove(s.host, c)) {
            log.info("control channel of desktop host {} {}", s.host, why);
            record(s.host, "channel closed", () -> {
                if (stopping) registry.stopped(s.host, brokerId, clock.instant());
                else registry.channelClosed(s.host, brokerId, clock.instant());
            });
        }
    }

    private static void record(String host, String what, Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            // the channel works on this broker; other brokers would place on a stale view until the next beat
            log.warn("desktop host {}: {} could not be recorded: {}", host, what, OneLine.of(e));
        }
    }

    /** Sockets accepted and not yet ended, said hello or not. */
    int sockets() {
        return sockets.size();
    }

    void close() {
        for (Socket s : sockets.values()) {
            try {
                s.ctx.closeSession(1001, "broker stopping");
            } catch (RuntimeException e) {
                // closing anyway
            }
            ended(s.ctx, "closed: broker stopping");
        }
        timer.shutdownNow();
    }
}
