package org.rounds.gateway;

import java.time.Duration;

/**
 * What the gateway's one public port allows (the rule for every listening socket: a deadline on
 * its handshake, a cap on connections, a limit on what it reads). The port faces the Internet,
 * so each default is sized for a hospital's outside doctors, not for a benchmark.
 *
 * @param handshakeDeadline  from the TCP accept to a complete HTTP request head, TLS handshake
 *                           included (default 10 s: a phone-tethered laptop's TLS 1.3 handshake
 *                           takes well under 2 s; a client silent longer is a slowloris)
 * @param maxConnections     TCP connections open at once, tunnels included; beyond, a new
 *                           connection is closed at once (default 2,000: a big hospital's evening
 *                           of outside doctors is a few hundred)
 * @param maxTunnels         desktop tunnels open at once (default 1,000; each holds a thread
 *                           reading its desktop host)
 * @param maxTunnelsPerSource tunnels from one outside address (default 20: a practice behind one
 *                           NAT address with a few doctors, each with a tunnel and one reconnecting)
 * @param maxFrameBytes      the largest WebSocket frame or message an outside device may send
 *                           (default 64 KiB; Jetty closes a larger one with 1009). RFB is a byte
 *                           stream, so a sender splits a long clipboard into several frames: the
 *                           cap bounds the gateway's buffer per frame, not what RFB can carry
 * @param signIns            sign-ins per outside address (default burst 10, then one every 2 s:
 *                           a doctor mistyping a code three times is far below; a script is not)
 * @param reconnects         sessions asked back after a dropped tunnel, per outside address
 *                           (default burst 40, then two a second: the outside client asks once a
 *                           second for up to 30 s, and a practice's NAT address may carry a few)
 * @param tunnelOpens        tunnel opens per outside address (default burst 20, then one a second:
 *                           a tunnel reconnecting after a Wi-Fi drop retries every few seconds)
 * @param maxSources         outside addresses remembered per rate; beyond, the least recently
 *                           seen is forgotten (default 50,000, a few MB)
 */
public record GatewayLimits(Duration handshakeDeadline, int maxConnections, int maxTunnels, int maxTunnelsPerSource,
                            int maxFrameBytes, Rate signIns, Rate reconnects, Rate tunnelOpens, int maxSources) {

    public static final GatewayLimits DEFAULT = new GatewayLimits(Duration.ofSeconds(10), 2_000, 1_000, 20, 64 * 1024,
            new Rate(0.5, 10), new Rate(2, 40), new Rate(1, 20), 50_000);

    /** A token bucket: {@code burst} at once, then {@code perSecond}. */
    public record Rate(double perSecond, int burst) {
        public Rate {
            if (!(perSecond > 0) || burst < 1) throw new IllegalArgumentException("a rate needs perSecond > 0 and burst >= 1");
        }
    }

    public GatewayLimits {
        if (handshakeDeadline == null || handshakeDeadline.isNegative() || handshakeDeadline.isZero())
            throw new IllegalArgumentException("the handshake deadline must be positive");
        if (maxConnections < 1 || maxTunnels < 1 || maxTunnelsPerSource < 1 || maxSources < 1)
            throw new IllegalArgumentException("every cap must be at least 1");
        if (maxFrameBytes < 1024) throw new IllegalArgumentException("maxFrameBytes must be at least 1024");
        if (signIns == null || reconnects == null || tunnelOpens == null) throw new IllegalArgumentException("every rate is needed");
    }

    public GatewayLimits withHandshakeDeadline(Duration d) {
        return new GatewayLimits(d, maxConnections, maxTunnels, maxTunnelsPerSource, maxFrameBytes, signIns, reconnects, tunnelOpens, maxSources);
    }

    public GatewayLimits withMaxConnections(int n) {
        return new GatewayLimits(handshakeDeadline, n, maxTunnels, maxTunnelsPerSource, maxFrameBytes, signIns, reconnects, tunnelOpens, maxSources);
    }

    public GatewayLimits withTunnels(int total, int perSource) {
        return new GatewayLimits(handshakeDeadline, maxConnections, total, perSource, maxFrameBytes, signIns, reconnects, tunnelOpens, maxSources);
    }

    public GatewayLimits withMaxFrameBytes(int n) {
        return new GatewayLimits(handshakeDeadline, maxConnections, maxTunnels, maxTunnelsPerSource, n, signIns, reconnects, tunnelOpens, maxSources);
    }

    public GatewayLimits withSignIns(Rate r) {
        return new GatewayLimits(handshakeDeadline, maxConnections, maxTunnels, maxTunnelsPerSource, maxFrameBytes, r, reconnects, tunnelOpens, maxSources);
    }

    public GatewayLimits withReconnects(Rate r) {
        return new GatewayLimits(handshakeDeadline, maxConnections, maxTunnels, maxTunnelsPerSource, maxFrameBytes, signIns, r, tunnelOpens, maxSources);
    }

    public GatewayLimits withTunnelOpens(Rate r) {
        return new GatewayLimits(handshakeDeadline, maxConnections, maxTunnels, maxTunnelsPerSource, maxFrameBytes, signIns, reconnects, r, maxSources);
    }
}
