package org.rounds.display.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rounds.display.Framebuffer;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.PixelFormat;

/**
 * Decodes independent rectangles on worker threads while the connection thread reads and
 * decodes the rest, as TigerVNC's DecodeManager does: a rectangle waits for the earlier ones it
 * overlaps. Rectangles that must see every earlier one (pseudo-encodings, which may resize the
 * framebuffer, and CopyRect, which reads it) wait for all. Rectangles of a decoder that carries
 * state (one zlib stream) stay on the connection thread, in order. A worker's failure is thrown
 * on the connection thread by a later call. The workers are this connection's own, start only
 * when needed, and end with {@link #close}.
 */
final class DecodeManager implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Below this a rectangle decodes faster than a worker would pick it up (measured on the recordings). */
    static final int MIN_OFFLOAD_PIXELS = 4096;

    private record InFlight(Rect rect, CompletableFuture<Void> done) {}

    private final ExecutorService workers; // null: everything inline
    /** One worker taking every rectangle in stream order: decoding off the network thread, no reordering. */
    private final boolean pipeline;
    private final DecodeStats stats;
    private final List<InFlight> inFlight = new ArrayList<>();
    private final List<Thread> workerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    DecodeManager(int threads, DecodeStats stats) {
        this.stats = stats;
        pipeline = threads == 1;
        if (threads < 1) {
            workers = null;
            return;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor ex = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "rfb-decode-" + pool + "-" + n.incrementAndGet());
            t.setDaemon(true);
            workerThreads.add(t);
            return t;
        });
        ex.allowCoreThreadTimeOut(true); // an idle session keeps no decoding threads
        workers = ex;
    }

    /**
     * One worker per CPU from 3 CPUs up, decoding independent rectangles side by side. On 2
     * (this project's reference machine) parallel workers were measured slower than one (full-frame
     * Tight/JPEG: 1.17x the wall time, farm-bench median of 8), so there a single worker decodes
     * every rectangle in stream order, off the network thread. {@code -Drounds.decode.threads=N}
     * overrides; 0 decodes on the network thread.
     */
    static DecodeManager forThisMachine(DecodeStats stats) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new DecodeManager(Integer.getInteger("rounds.decode.threads", cpus >= 3 ? cpus : 1), stats);
    }

    /**
     * Decodes {@code r} on a worker when that can pay: its decoder keeps no state for it
     * ({@link Decoder#ordered} is false) and it is big enough to outweigh the hand-over. The
     * rest is decoded here, in stream order (so stateful decoders never need locking), once the
     * in-flight rectangles it overlaps are done; {@code barrier}: once all of them are.
     */
    void decode(Decoder d, Rect r, byte[] data, PixelFormat pf, Framebuffer fb, boolean pseudo, boolean barrier) throws RfbProtocolException {
        if (pipeline && !pseudo) { // one worker: FIFO keeps stream order, CopyRect and stateful decoders included
            inFlight.add(new InFlight(r, CompletableFuture.runAsync(job(d, r, data, pf, fb), workers)));
            return;
        }
        barrier |= pseudo;
        boolean offload = workers != null && !barrier && r.area() >= MIN_OFFLOAD_PIXELS && !d.ordered(data);
        List<CompletableFuture<Void>> deps = new ArrayList<>();
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            InFlight f = inFlight.get(i);
            if (f.done.isDone() && !f.done.isCompletedExceptionally()) inFlight.remove(i);
            else if (barrier || overlap(f.rect, r)) deps.add(f.done);
        }
        if (!offload) {
            await(deps);
            timed(d, r, data, pf, fb);
            return;
        }
        Runnable job = job(d, r, data, pf, fb);
        CompletableFuture<Void> done = deps.isEmpty() ? CompletableFuture.runAsync(job, workers)
                : CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new)).thenRunAsync(job, workers);
        inFlight.add(new InFlight(r, done));
    }

    private Runnable job(Decoder d, Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        return () -> {
            try {
                timed(d, r, data, pf, fb);
            } catch (RfbProtocolException e) {
                throw new CompletionException(e);
            }
        };
    }

    /** Waits for every rectangle handed out so far; throws the first failure. */
    void finish() throws RfbProtocolException {
        try {
            await(inFlight.stream().map(InFlight::done).toList());
        } finally {
            inFlight.clear();
        }
    }

    private static void await(List<CompletableFuture<Void>> futures) throws RfbProtocolException {
        try {
            for (CompletableFuture<Void> f : futures) f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            if (cause instanceof RfbProtocolException p) throw p;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RfbProtocolException("interrupted while decoding");
        }
    }

    private void timed(Decoder d, Rect r, byte[] data, PixelFormat pf, Framebuffer fb) throws RfbProtocolException {
        long t0 = System.nanoTime();
        d.decodeRect(r, data, pf, fb);
        stats.addTime(r.encodingName(), System.nanoTime() - t0);
    }

    private static boolean overlap(Rect a, Rect b) {
        return a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
    }

    /** Stops the workers and waits (briefly) for them to end: a closed session leaves no thread behind. */
    @Override
    public void close() {
        if (workers == null) return;
        workers.shutdownNow();
        try {
            for (Thread t : workerThreads) if (t != Thread.currentThread()) t.join(2000); // joined: not even a dying thread is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
