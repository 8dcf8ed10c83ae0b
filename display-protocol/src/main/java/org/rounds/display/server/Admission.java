package org.rounds.display.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection handling {@link RfbServer} and {@link RfbGateway} share: the caps checked on
 * accept, the handshake deadline, and the failed-authentication blocklist the handshake asks.
 * One per server or gateway, with its own caps and deadline timer ({@link #close()} ends it); the
 * blocklist is the {@link ViewerLimits}' own, shared by every server built with them.
 */
final class Admission implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Admission.class);

    private final SourceLimits caps;
    final AuthBlocklist blocklist;
    final HandshakeDeadline deadline;
    final RefusalLog refusals;

    Admission(ViewerLimits limits, String name) {
        refusals = new RefusalLog(log, name, limits.clock());
        caps = new SourceLimits(limits.maxConnections(), limits.maxPerSource());
        blocklist = limits.blocklist;
        deadline = new HandshakeDeadline(limits.handshakeTimeout(), name, refusals);
    }

    /**
     * A lease for a just-accepted socket, or null after closing it at once (before any byte is
     * read or written), with one log line naming the source, when a cap is reached.
     */
    SourceLimits.Lease admit(Socket s, String server) {
        InetAddress source = s.getInetAddress();
        SourceLimits.Lease lease = caps.tryAcquire(source);
        if (lease != null) return lease;
        refusals.warn("RFB {}: connection from {} refused: {}", server, source.getHostAddress(), caps.refusal(source));
        try {
            s.close();
        } catch (IOException ignored) {
            // refusing it anyway
        }
        return null;
    }

    @Override
    public void close() { deadline.close(); }
}
