package org.rounds.display.server;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed authentications by source address, after TigerVNC's Blacklist: after
 * {@code threshold} failures a source is blocked for {@code firstBlock}; once a block ends the
 * source gets one more try, and a failure then blocks it again for twice as long. A success
 * forgets the source. Unlike TigerVNC's, which marks every unauthenticated connection, only a
 * wrong password counts here, so a viewer cut by the network is not held against its cart; and
 * the map is bounded (least recently used out) so a flood of new addresses cannot grow memory.
 */
final class AuthBlocklist {
    /** Sources remembered at most; beyond it the one touched longest ago is forgotten. */
    static final int MAX_SOURCES = 10_000;
    /** A doubling block stops growing here, so a forgotten cart is back within the hour. */
    static final Duration MAX_BLOCK = Duration.ofHours(1);

    private static final class Marks {
        int failures;
        long blockedUntil; // epoch ms; 0 = never blocked
        long nextBlock;    // ms the next block lasts
    }

    private final int threshold;
    private final long firstBlockMs;
    private final Clock clock;
    private final Map<InetAddress, Marks> sources = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Marks> eldest) { return size() > MAX_SOURCES; }
    };

    AuthBlocklist(int threshold, Duration firstBlock, Clock clock) {
        this.threshold = threshold;
        this.firstBlockMs = firstBlock.toMillis();
        this.clock = clock;
    }

    /** The time left on {@code source}'s block, or zero when it may try. */
    synchronized Duration blocked(InetAddress source) {
        Marks m = sources.get(source);
        if (m == null) return Duration.ZERO;
        long left = m.blockedUntil - clock.millis();
        return left > 0 ? Duration.ofMillis(left) : Duration.ZERO;
    }

    /** A wrong password from {@code source}; returns the block it now has (zero while under the threshold). */
    synchronized Duration failed(InetAddress source) {
        Marks m = sources.computeIfAbsent(source, k -> new Marks());
        m.failures++;
        if (m.failures < threshold) return Duration.ZERO;
        if (m.nextBlock == 0) m.nextBlock = firstBlockMs;
        long now = clock.millis();
        m.blockedUntil = now + m.nextBlock;
        m.nextBlock = Math.min(m.nextBlock * 2, MAX_BLOCK.toMillis());
        return Duration.ofMillis(m.blockedUntil - now);
    }

    /** {@code source} authenticated: its marks are forgotten. */
    synchronized void succeeded(InetAddress source) { sources.remove(source); }
}
