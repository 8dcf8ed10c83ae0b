package org.rounds.gateway;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public port's connection cap and handshake deadline, on every TCP connection Jetty
 * accepts. Over {@code maxConnections}, a new connection is closed at once (Jetty's own
 * ConnectionLimit stops accepting instead, which leaves callers waiting in the kernel's backlog
 * with no answer). A connection that has not delivered a complete HTTP request head within
 * {@code deadline} of its accept, TLS handshake included, is closed: Jetty's idle timeout alone
 * would let a client that sends a byte now and then hold its thread and socket for ever.
 */
final class ConnectionGuard implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);

    private final int maxConnections;
    private final Duration deadline;
    private final ScheduledExecutorService timer;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGuard(int maxConnections, Duration deadline, ScheduledExecutorService timer) {
        this.maxConnections = maxConnections;
        this.deadline = deadline;
        this.timer = timer;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection tls)) return;   // the TCP connection; the HTTP one inside it is not counted again
        if (open.incrementAndGet() > maxConnections) {
            log.warn("refused a connection from {}: {} connections are open, the most this gateway takes",
                    tls.getEndPoint().getRemoteSocketAddress(), maxConnections);
            timer.execute(() -> tls.getEndPoint().close());
            return;
        }
        timer.schedule(() -> {
            if (tls.getEndPoint().isOpen() && !requested(tls)) {
                log.info("closed a connection from {}: no complete request within {} ms", tls.getEndPoint().getRemoteSocketAddress(),
                        deadline.toMillis());
                tls.getEndPoint().close();
            }
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof SslConnection) open.decrementAndGet();
    }

    /** True once the connection inside the TLS one has read a request head (or was upgraded to a WebSocket, which takes one). */
    private static boolean requested(SslConnection tls) {
        Connection inner = tls.getDecryptedEndPoint().getConnection();
        return !(inner instanceof HttpConnection http) || http.getMessagesIn() > 0;
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }
}
