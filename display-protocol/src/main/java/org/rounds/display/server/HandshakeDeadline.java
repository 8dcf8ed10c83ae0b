package org.rounds.display.server;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One deadline for a connection's whole handshake. A per-read socket timeout lets a viewer
 * that sends a byte every few seconds hold a connection for ever, so the connection is closed
 * from a timer instead; closing the socket also ends a blocked read inside a TLS handshake.
 * One timer thread serves every connection of a server and ends with {@link #close()}.
 */
final class HandshakeDeadline implements AutoCloseable {

    private final Duration timeout;
    private final RefusalLog refusals;
    private final ScheduledThreadPoolExecutor timer;
    /** The timer's threads, joined on close: RfbServer promises none of its threads outlive close(). */
    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    HandshakeDeadline(Duration timeout, String name, RefusalLog refusals) {
        this.timeout = timeout;
        this.refusals = refusals;
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rfb-deadline-" + name);
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a finished handshake leaves nothing queued
    }

    /** Starts the clock for {@code who}: {@code connection} is closed unless the returned handle is closed first. */
    Running start(String who, Closeable connection) {
        ScheduledFuture<?> f = timer.schedule(() -> {
            refusals.warn("RFB {} cut: handshake not finished within {} ms", who, timeout.toMillis());
            try {
                connection.close();
            } catch (IOException ignored) {
                // cutting it anyway
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** A started deadline; closing it means the handshake finished in time. */
    interface Running extends AutoCloseable {
        @Override void close();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            for (Thread t : threads) t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
