package org.rounds.display.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What one source may cost an {@link RfbServer} or {@link RfbGateway} (issue 17, section 8):
 * a deadline for the whole handshake, caps on concurrent connections in total and per source
 * address, and a block on a source after repeated failed authentications. Limits are keyed on
 * the source address, never on a user, so a stranger's guesses never lock anyone out.
 *
 * <p>The failed-authentication counts live here, not in a server: every {@link RfbServer} and
 * {@link RfbGateway} built with one {@code ViewerLimits} shares them. A desktop host serving one
 * server per user gives them all one instance, so a source's wrong guesses add up across every
 * desktop it tries (limits per source, not per victim). The connection caps stay per server: a
 * cart holds one desktop's viewer, while a gateway or a test may reach many desktops from one
 * address.
 */
public final class ViewerLimits {
    private final Duration handshakeTimeout;
    private final int maxConnections;
    private final int maxPerSource;
    private final int failuresBeforeBlock;
    private final Duration firstBlock;
    private final Clock clock;
    final AuthBlocklist blocklist;

    private ViewerLimits(Builder b) {
        handshakeTimeout = b.handshakeTimeout;
        maxConnections = b.maxConnections;
        maxPerSource = b.maxPerSource;
        failuresBeforeBlock = b.failuresBeforeBlock;
        firstBlock = b.firstBlock;
        clock = b.clock;
        blocklist = new AuthBlocklist(failuresBeforeBlock, firstBlock, clock);
    }

    /** Fresh failure counts with the defaults: 10 s handshake, 100 connections, 10 per source, block after 5 failures for 10 s, doubling. */
    public static ViewerLimits defaults() { return builder().build(); }

    public static Builder builder() { return new Builder(); }

    public Duration handshakeTimeout() { return handshakeTimeout; }

    public int maxConnections() { return maxConnections; }

    public int maxPerSource() { return maxPerSource; }

    public int failuresBeforeBlock() { return failuresBeforeBlock; }

    public Duration firstBlock() { return firstBlock; }

    public Clock clock() { return clock; }

    public static final class Builder {
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private int maxConnections = 100;
        private int maxPerSource = 10;
        private int failuresBeforeBlock = 5;
        private Duration firstBlock = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        /**
         * Time for the whole handshake (version, security, authentication, ClientInit), counted
         * from accept; default 10 s. A viewer still in its handshake then is cut, so one that
         * trickles a byte at a time cannot hold a connection. Shorten it only in tests.
         */
        public Builder handshakeTimeout(Duration d) { handshakeTimeout = positive(d, "handshake timeout"); return this; }

        /** Concurrent connections in total, handshaking or connected; default 100. Over it a connection is closed at once. */
        public Builder maxConnections(int n) { maxConnections = positive(n, "maxConnections"); return this; }

        /** Concurrent connections from one source address; default 10 (a cart holds one or two). */
        public Builder maxConnectionsPerSource(int n) { maxPerSource = positive(n, "maxConnectionsPerSource"); return this; }

        /** Failed authentications from one source before it is blocked; default 5, as TigerVNC's BlacklistThreshold. */
        public Builder failuresBeforeBlock(int n) { failuresBeforeBlock = positive(n, "failuresBeforeBlock"); return this; }

        /** The first block's length, doubling with each failure after one; default 10 s, as TigerVNC's BlacklistTimeout. */
        public Builder firstBlock(Duration d) { firstBlock = positive(d, "block"); return this; }

        /** The clock blocks are measured on; default the system clock. Tests inject one to skip a block without sleeping. */
        public Builder clock(Clock c) { clock = Objects.requireNonNull(c); return this; }

        public ViewerLimits build() { return new ViewerLimits(this); }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive");
            return d;
        }

        private static int positive(int n, String what) {
            if (n < 1) throw new IllegalArgumentException(what + " must be at least 1");
            return n;
        }
    }
}
