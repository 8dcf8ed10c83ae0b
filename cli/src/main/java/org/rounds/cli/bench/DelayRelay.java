package org.rounds.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay that holds every chunk for a fixed time each way before passing it on,
 * standing in for a WAN link (this kernel has no netem), and counts the bytes it carried: what a
 * bench measures a link's round trips and bandwidth with. At most {@link #MAX_CONNECTIONS}
 * relayed at once; a bench's, never a product's.
 */
final class DelayRelay implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 32;
    private final ServerSocket listener;
    private final int target;
    private final long delayNanos;
    private final AtomicLong up = new AtomicLong();     // towards the target
    private final AtomicLong down = new AtomicLong();   // from the target
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Relays a loopback port to {@code targetPort}, each way delayed by {@code oneWay}. */
    DelayRelay(int targetPort, Duration oneWay) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = targetPort;
        this.delayNanos = oneWay.toNanos();
        Thread t = new Thread(this::accept, "bench-delay-relay");
        t.setDaemon(true);
        t.start();
    }

    int port() { return listener.getLocalPort(); }

    /** Bytes carried both ways since {@link #resetBytes}. */
    long bytes() { return up.get() + down.get(); }

    /** Bytes carried towards the target since {@link #resetBytes}. */
    long bytesUp() { return up.get(); }

    void resetBytes() {
        up.set(0);
        down.set(0);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket in = listener.accept();
                if (open.size() >= 2 * MAX_CONNECTIONS) {
                    in.close();
                    continue;
                }
                Socket out = new Socket();
                out.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                open.add(in);
                open.add(out);
                pipe(in, out, up);
                pipe(out, in, down);
            } catch (IOException e) {
                if (closed) return;
            }
        }
    }

    /** One direction: a reader queues chunks stamped with their due time, a writer sends each when due. */
    private void pipe(Socket from, Socket to, AtomicLong bytes) {
        DelayQueue<Chunk> due = new DelayQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) due.put(new Chunk(java.util.Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
            } catch (IOException ignored) {
                // the connection ended
            }
            due.put(new Chunk(null, System.nanoTime() + delayNanos));
        }, "bench-delay-relay-read");
        Thread writer = new Thread(() -> {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk c = due.take();
                    if (c.data == null) break;
                    out.write(c.data);
                    bytes.addAndGet(c.data.length);
                }
            } catch (IOException | InterruptedException ignored) {
                // the connection ended
            } finally {
                quietly(to);
                quietly(from);
            }
        }, "bench-delay-relay-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void quietly(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) quietly(s);
    }

    private record Chunk(byte[] data, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) { return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS); }

        @Override
        public int compareTo(Delayed o) { return Long.compare(dueNanos, ((Chunk) o).dueNanos); }
    }
}
