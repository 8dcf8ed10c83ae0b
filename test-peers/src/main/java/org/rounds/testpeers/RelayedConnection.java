package org.rounds.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One connection through a {@link Relay}: per direction a reader that stamps each chunk with the
 * time it arrived, and a writer that sends it {@code delay} later. Two threads per direction, so
 * a delay holds bytes back without limiting throughput (one thread would add the delay per chunk).
 * A direction's end of stream is passed on as a half-close; an error on either side closes both.
 */
final class RelayedConnection {

    private static final int CHUNK = 16 * 1024;
    private static final int QUEUED_CHUNKS = 256;   // 4 MiB in flight per direction at most: the reader waits beyond

    /** A chunk, or with {@code bytes == null} the end of the stream. */
    private record Chunk(byte[] bytes, long arrivedNanos) {}

    private final int number;
    private final Socket client;
    private final Socket server;
    private final long delayNanos;
    private final Map<Relay.Direction, Relay.Recording> recordings;
    private final Consumer<RelayedConnection> onEnd;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger directionsLeft = new AtomicInteger(2);

    RelayedConnection(int number, Socket client, Socket server, Duration delay,
                      Map<Relay.Direction, Relay.Recording> recordings, Consumer<RelayedConnection> onEnd) {
        this.number = number;
        this.client = client;
        this.server = server;
        this.delayNanos = delay.toNanos();
        this.recordings = recordings;
        this.onEnd = onEnd;
    }

    void start() {
        pump(client, server, Relay.Direction.TO_TARGET);
        pump(server, client, Relay.Direction.FROM_TARGET);
    }

    /** Closes both sockets (the threads then end on their I/O errors). Idempotent. */
    void close() {
        if (!closed.compareAndSet(false, true)) return;
        Relay.closeQuietly(client);
        Relay.closeQuietly(server);
        onEnd.accept(this);
    }

    private void pump(Socket from, Socket to, Relay.Direction direction) {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        String name = "relay-" + number + "-" + direction.name().toLowerCase(java.util.Locale.ROOT);
        Relay.daemon(() -> read(from, queue), name + "-read").start();
        Relay.daemon(() -> write(queue, to, direction), name + "-write").start();
    }

    private void read(Socket from, BlockingQueue<Chunk> queue) {
        byte[] buffer = new byte[CHUNK];
        try {
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                queue.put(new Chunk(Arrays.copyOf(buffer, n), System.nanoTime()));
            }
            queue.put(new Chunk(null, System.nanoTime()));
        } catch (IOException | InterruptedException e) {
            close();
            queue.offer(new Chunk(null, System.nanoTime()));   // wakes the writer, which finds the sockets closed
        }
    }

    private void write(BlockingQueue<Chunk> queue, Socket to, Relay.Direction direction) {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = queue.take();
                long wait = c.arrivedNanos() + delayNanos - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));   // the delay itself
                if (c.bytes() == null) {
                    if (!closed.get()) to.shutdownOutput();   // the sender's FIN, passed on after the same delay
                    break;
                }
                out.write(c.bytes());
                out.flush();
                recordings.get(direction).add(c.bytes(), 0, c.bytes().length);
            }
        } catch (IOException | InterruptedException e) {
            close();
        } finally {
            if (directionsLeft.decrementAndGet() == 0) close();   // both ways ended: nothing more will pass
        }
    }
}
