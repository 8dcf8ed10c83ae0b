package org.rounds.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.DesktopTls;
import org.rounds.broker.api.OneLine;
import org.rounds.broker.api.TunnelRedemption;
import org.rounds.broker.api.TunnelTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket at {@value BrokerApi#REMOTE_TUNNEL}. Before the upgrade, in this order, each
 * refusal one line: a ticket in {@value BrokerApi#TUNNEL_TICKET_HEADER} of the right shape (401),
 * the subprotocol {@code binary} if any is offered (400), the outside address's rate (429), the
 * caps on tunnels in all (503) and from that address (429); then the ticket is redeemed at a
 * broker (its refusal passed back as it is, 503 when none answers) and the desktop host is
 * dialled (3 s; 502 when it does not answer). With {@code --desktop-tls gateway} the gateway then
 * runs the RFB handshake with the host itself ({@link DesktopHandshake}, 3 s, 502 with its one line
 * when it fails: a wrong pin, a silent host). Only then is the WebSocket accepted, so a refused
 * ticket never reaches a host; its answer names the mode in {@value BrokerApi#DESKTOP_TLS_HEADER}.
 */
final class TunnelRoute {
    private static final Logger log = LoggerFactory.getLogger(TunnelRoute.class);
    /** An inside host answers within milliseconds; 3 s covers a loaded one without holding an outside device long. */
    static final int CONNECT_TIMEOUT_MS = 3_000;
    /** The gateway's RFB handshake with the host, TLS included: milliseconds on an inside network; as long as the dial. */
    static final int HOST_HANDSHAKE_MS = 3_000;
    /**
     * A ticket's shape: the characters of an HTTP token68 (base64 and base64url) and '.', 16 to 64
     * of them (brokers issue 43: 32 random bytes in base64url, and take at most 64). Anything else
     * is refused before a broker is asked.
     */
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9._~+/=-]{16,64}");
    private static final String SUBPROTOCOL = "binary";
    private static final String TUNNEL = "rounds.tunnel";
    private static final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Brokers brokers;
    private final DesktopTls desktopTls;
    private final GatewayLimits limits;
    private final SourceBuckets opens;
    private final ScheduledExecutorService timer;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<String, Integer> perSource = new ConcurrentHashMap<>();
    private final AtomicInteger serial = new AtomicInteger();
    private final java.util.Set<Tunnel> live = ConcurrentHashMap.newKeySet();
    /**
     * Tunnels whose WebSocket was accepted and has not closed yet (from the upgrade to the close
     * callback, or to the upgrade's deadline when it never completed): what a stopping gateway waits for.
     */
    private final java.util.Set<Tunnel> unclosed = ConcurrentHashMap.newKeySet();

    TunnelRoute(Brokers brokers, DesktopTls desktopTls, GatewayLimits limits, ScheduledExecutorService timer) {
        this.brokers = brokers;
        this.desktopTls = desktopTls;
        this.limits = limits;
        this.opens = new SourceBuckets(limits.tunnelOpens(), limits.maxSources());
        this.timer = timer;
    }

    void register(Javalin app) {
        app.wsBeforeUpgrade(BrokerApi.REMOTE_TUNNEL, this::beforeUpgrade);
        app.ws(BrokerApi.REMOTE_TUNNEL, ws -> {
            ws.onConnect(ctx -> {
                Tunnel t = ctx.attribute(TUNNEL);
                ctx.session.setIdleTimeout(java.time.Duration.ofMillis(4L * Tunnel.KEEPALIVE_MS));
                t.start(ctx.session, "rounds-gateway-tunnel-" + serial.incrementAndGet());
                if (!t.relaying()) timer.schedule(() -> {
                    if (!t.relaying()) t.end(StatusCode.POLICY_VIOLATION, "the outside device did not finish its RFB handshake within "
                            + limits.handshakeDeadline().toSeconds() + " s");
                }, limits.handshakeDeadline().toMillis(), TimeUnit.MILLISECONDS);
            });
            ws.onBinaryMessage(ctx -> ((Tunnel) ctx.attribute(TUNNEL)).fromOutside(ctx.data(), ctx.offset(), ctx.length()));
            ws.onMessage(ctx -> ((Tunnel) ctx.attribute(TUNNEL)).end(StatusCode.BAD_DATA, "the tunnel carries binary frames only"));
            ws.onClose(ctx -> {
                Tunnel t = ctx.attribute(TUNNEL);
                t.end(ctx.status(), "the outside device closed (" + ctx.status() + ")");
                unclosed.remove(t);
            });
            ws.onError(ctx -> {
                Tunnel t = ctx.attribute(TUNNEL);
                if (t != null) unclosed.remove(t);
                if (t != null) t.end(StatusCode.SERVER_ERROR, "the outside device's connection failed ("
                        + (ctx.error() == null ? "unknown" : ctx.error().getClass().getSimpleName()) + ")");
            });
        });
    }

    private void beforeUpgrade(Context ctx) {
        String source = ctx.req().getRemoteAddr();
        String ticket = ctx.header(BrokerApi.TUNNEL_TICKET_HEADER);
        if (ticket == null || !TICKET.matcher(ticket).matches())
            throw new Refused(401, "the tunnel needs the ticket of a sign-in in the " + BrokerApi.TUNNEL_TICKET_HEADER + " header: sign in again");
        List<String> offered = ctx.req().getHeaders("Sec-WebSocket-Protocol") == null ? List.of()
                : java.util.Collections.list(ctx.req().getHeaders("Sec-WebSocket-Protocol")).stream()
                        .flatMap(h -> Arrays.stream(h.split(","))).map(String::strip).filter(p -> !p.isEmpty()).toList();
        if (!offered.isEmpty() && !offered.contains(SUBPROTOCOL))
            throw new Refused(400, "the tunnel speaks the WebSocket subprotocol '" + SUBPROTOCOL + "' only, not " + String.join(", ", offered));
        long wait = opens.take(source, System.nanoTime());
        if (wait > 0) throw new Refused(429, "too many tunnels opened from " + source + "; wait " + wait + " s", wait);
        reserve(source);
        boolean handedOver = false;
        try {
            TunnelTarget target = redeem(ticket, source);
            Socket host = dial(target);
            byte[] serverInit = null;
            if (desktopTls == DesktopTls.GATEWAY) {
                DesktopHandshake.Ready ready = handshake(host, target, source);
                host = ready.socket();
                serverInit = ready.serverInit();
            }
            Tunnel[] self = new Tunnel[1];
            Tunnel tunnel = new Tunnel(host, serverInit, target, source, () -> {
                live.remove(self[0]);
                release(source);
            });
            self[0] = tunnel;
            live.add(tunnel);
            ctx.attribute(TUNNEL, tunnel);
            // Javalin has echoed the first protocol offered; the tunnel's is binary wherever it was in the list.
            if (!offered.isEmpty()) ctx.res().setHeader("Sec-WebSocket-Protocol", SUBPROTOCOL);
            ctx.res().setHeader(BrokerApi.DESKTOP_TLS_HEADER, desktopTls.wire());
            handedOver = true;
            unclosed.add(tunnel);
            // A request that passed here but whose upgrade then failed would leave the host's socket open.
            timer.schedule(() -> {
                if (tunnel.started()) return;
                tunnel.end(StatusCode.NORMAL, "the WebSocket upgrade did not complete");
                unclosed.remove(tunnel);
            }, limits.handshakeDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!handedOver) release(source);
        }
    }

    private TunnelTarget redeem(String ticket, String source) {
        Brokers.Answer a;
        try {
            a = brokers.post(BrokerApi.REMOTE_TUNNELS, json.writeValueAsBytes(new TunnelRedemption(ticket)), source);
        } catch (Brokers.NoBrokerAnswered e) {
            log.warn("a tunnel from {} could not be opened: {}", source, e.getMessage());
            throw new Refused(503, "no broker answers the gateway now; try again in a minute");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a ticket redemption: " + e.getMessage(), e);
        }
        if (a.status() != 200) throw new Refused(a);
        try {
            TunnelTarget t = json.readValue(a.body(), TunnelTarget.class);
            if (t.host() == null || t.host().isBlank() || t.port() < 1 || t.port() > 65535 || t.userId() == null) throw new IOException("no target");
            return t;
        } catch (IOException e) {
            log.warn("broker {} redeemed a ticket from {} with an unreadable target", a.broker(), source);
            throw new Refused(502, "the broker's answer named no desktop; sign in again");
        }
    }

    private DesktopHandshake.Ready handshake(Socket host, TunnelTarget target, String source) {
        try {
            return DesktopHandshake.run(host, target, HOST_HANDSHAKE_MS, timer);
        } catch (DesktopHandshake.Failed e) {
            log.warn("the desktop host {}:{} of user {} (tunnel from {}): {}", target.host(), target.port(), target.userId(), source, e.getMessage());
            throw new Refused(502, e.getMessage());
        }
    }

    private static Socket dial(TunnelTarget target) {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);   // keystrokes and pointer moves go out at once, as a viewer's own socket sends them
            s.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MS);
            return s;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // not connected
            }
            log.warn("the desktop host {}:{} of user {} does not answer: {}", target.host(), target.port(), target.userId(), OneLine.of(e));
            throw new Refused(502, "the desktop host of this session does not answer; try again in a minute");
        }
    }

    private void reserve(String source) {
        if (total.incrementAndGet() > limits.maxTunnels()) {
            total.decrementAndGet();
            throw new Refused(503, "this gateway carries " + limits.maxTunnels() + " tunnels already, its most; try again later");
        }
        int[] over = {0};
        perSource.compute(source, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= limits.maxTunnelsPerSource()) {
                over[0] = 1;
                return n;
            }
            return count + 1;
        });
        if (over[0] == 1) {
            total.decrementAndGet();
            throw new Refused(429, limits.maxTunnelsPerSource() + " tunnels are open from " + source + " already, the most from one address; "
                    + "close one", 0);
        }
    }

    private void release(String source) {
        total.decrementAndGet();
        perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * Ends every tunnel with 1001 (going away), so that each outside device reconnects through
     * another gateway of the same name at once, and waits at most {@code grace} for the close
     * handshakes: Jetty stopping meanwhile would close them with its own status instead.
     */
    void closeAll(java.time.Duration grace) {
        for (Tunnel t : List.copyOf(live)) t.end(StatusCode.SHUTDOWN, "the gateway is stopping");
        long deadline = System.nanoTime() + grace.toNanos();
        while (!unclosed.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Tunnels open or being opened now. */
    int open() {
        return total.get();
    }
}
