package org.rounds.display.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Concurrent connections in total and per source address. A connection takes a {@link Lease}
 * on accept, before any byte is read, and gives it back when it closes. The map holds only
 * sources with a live connection, so its size is bounded by the total cap.
 */
final class SourceLimits {
    private final int maxTotal;
    private final int maxPerSource;
    private final Map<InetAddress, Integer> perSource = new HashMap<>();
    private int total;

    SourceLimits(int maxTotal, int maxPerSource) {
        this.maxTotal = maxTotal;
        this.maxPerSource = maxPerSource;
    }

    /** A lease for one connection from {@code source}, or null when a cap is reached (the caller closes it). */
    synchronized Lease tryAcquire(InetAddress source) {
        int mine = perSource.getOrDefault(source, 0);
        if (total >= maxTotal || mine >= maxPerSource) return null;
        perSource.put(source, mine + 1);
        total++;
        return new Lease(source);
    }

    /** Why {@code source} was refused, for the one log line (read after tryAcquire returned null). */
    synchronized String refusal(InetAddress source) {
        int mine = perSource.getOrDefault(source, 0);
        return mine >= maxPerSource ? mine + " connections from this source (cap " + maxPerSource + ")"
                : total + " connections in total (cap " + maxTotal + ")";
    }

    private synchronized void release(InetAddress source) {
        total--;
        perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** One admitted connection; closing it more than once releases it once (both a close and a cut may reach it). */
    final class Lease implements AutoCloseable {
        private final InetAddress source;
        private boolean released;

        private Lease(InetAddress source) { this.source = source; }

        @Override
        public void close() {
            synchronized (this) {
                if (released) return;
                released = true;
            }
            release(source);
        }
    }
}
