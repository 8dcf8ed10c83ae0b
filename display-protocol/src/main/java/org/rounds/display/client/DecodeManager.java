package org.rounds.display.client;

import java.io.IOException;
import java.util.ArrayDeque;
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
 * Decodes independent rectangles on worker threads while the connection thread reads on, as
 * TigerVNC's DecodeManager does: a rectangle waits for the earlier ones it overlaps. Rectangles
 * that must see every earlier one (pseudo-encodings, which may resize the framebuffer, and
 * CopyRect, which reads it) wait for all. Rectangles of a decoder that carries state (one zlib
 * stream) stay on the connection thread, in order.
 *
 * <p>Unlike TigerVNC, the connection thread decodes too: while the workers have
 * {@link #QUEUED_PER_WORKER} rectangles each waiting, it decodes the next one itself instead of
 * waiting. On 2 CPUs one worker and the reader then decode side by side, and hardly a thread
 * ever sleeps or wakes: a wake-up cost about as much as copying a rectangle's pixels (perf on the
 * heavy Tight/JPEG recording: one worker taking every rectangle cost 14 % more CPU than decoding
 * them all on the reader, most of it in futex wake-ups).
 *
 * <p>And unlike TigerVNC, which waits for every rectangle at each update's end, the reader goes
 * on into the next update while bytes for it are already at hand (a backlog, a replay): an
 * update's end ({@link #whenDecoded}) is then told once its rectangles are decoded, in order, on
 * the connection thread, at a later call. Half of a full-screen slideshow's pixels came as
 * updates of one narrow rectangle each, which a wait at every end decoded one at a time. A
 * rectangle the reader would only wait for (the last one, with nothing more to read) is decoded
 * on the connection thread: handing it over costs two wake-ups and wins nothing.
 *
 * <p>A worker's failure is thrown on the connection thread by a later call. The workers are this
 * connection's own, start only when needed, and end with {@link #close}.
 */
final class DecodeManager implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Below this a rectangle decodes faster than a worker would pick it up (measured on the recordings). */
    static final int MIN_OFFLOAD_PIXELS = 4096;
    /** Rectangles waiting for each worker before the reader decodes the next one itself: enough that a worker never runs dry. */
    static final int QUEUED_PER_WORKER = 2;
    /** Bytes of rectangles in flight (their encoded data) before the reader waits for the older half: a bound on memory. */
    static final long MAX_BYTES_IN_FLIGHT = 32L << 20;
    /**
     * Updates' ends and fence answers waiting for rectangles before the reader waits for them
     * all: a bound on memory when a server sends empty updates or fences by the million while a
     * big rectangle decodes (a real stream has a few waiting).
     */
    static final int MAX_WAITING = 4096;

    /** What happens once the rectangles read before it are decoded (an update's end told, a fence answered). */
    interface AfterDecoding { void run() throws IOException; }

    private record InFlight(Rect rect, CompletableFuture<Void> done, int bytes) {}

    /** What to run once {@code decoded} (the rectangles in flight when it was given) are all done. */
    private record Pending(CompletableFuture<?>[] decoded, AfterDecoding then) {
        boolean done() {
            for (CompletableFuture<?> f : decoded) if (!f.isDone()) return false;
            return true;
        }
    }

    private final ExecutorService workers; // null: everything inline
    private final int threads;
    /** Rectangles handed out and not yet decoded. */
    private final AtomicInteger unfinished = new AtomicInteger();
    private final DecodeStats stats;
    private final List<InFlight> inFlight = new ArrayList<>();
    private final ArrayDeque<Pending> ends = new ArrayDeque<>();
    private long bytesInFlight;
    private final List<Thread> workerThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    DecodeManager(int threads, DecodeStats stats) {
        this.stats = stats;
        this.threads = threads;
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
     * One worker less than the CPUs, since the reader decodes too: on 2 CPUs one worker and the
     * reader. {@code -Drounds.decode.threads=N} overrides; 0 decodes everything on the network
     * thread.
     */
    static DecodeManager forThisMachine(DecodeStats stats) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new DecodeManager(Integer.getInteger("rounds.decode.threads", cpus - 1), stats);
    }

    /**
     * Decodes {@code r} on a worker when that can pay: its decoder keeps no state for it
     * ({@link Decoder#ordered} is false), it is big enough to outweigh the hand-over, the reader
     * has more to read meanwhile ({@code moreToRead}) and the workers are not busy enough
     * already. The rest is decoded here, in stream order (so stateful decoders never need
     * locking), once the in-flight rectangles it overlaps are done; {@code barrier}: once all of
     * them are, and the updates before it told as ended.
     */
    void decode(Decoder d, Rect r, byte[] data, PixelFormat pf, Framebuffer fb, boolean pseudo, boolean barrier,
                boolean moreToRead) throws IOException {
        barrier |= pseudo;
        boolean offload = workers != null && !barrier && moreToRead && r.area() >= MIN_OFFLOAD_PIXELS && !d.ordered(data)
                && unfinished.get() < QUEUED_PER_WORKER * threads;
        List<CompletableFuture<Void>> deps = new ArrayList<>();
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            InFlight f = inFlight.get(i);
            if (f.done.isDone() && !f.done.isCompletedExceptionally()) drop(i);
            else if (barrier || overlap(f.rect, r)) deps.add(f.done);
        }
        if (!offload) {
            await(deps);
            if (barrier) deliverEnds(true); // pseudo-encodings tell the listener: the updates before are told first
            timed(d, r, data, pf, fb);
            return;
        }
        Runnable job = job(d, r, data, pf, fb);
        unfinished.incrementAndGet();
        handOut(r, data, deps.isEmpty() ? CompletableFuture.runAsync(job, workers)
                : CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new)).thenRunAsync(job, workers));
    }

    private void handOut(Rect r, byte[] data, CompletableFuture<Void> done) throws IOException {
        inFlight.add(new InFlight(r, done, data.length));
        bytesInFlight += data.length;
        if (bytesInFlight <= MAX_BYTES_IN_FLIGHT) return;
        int keep = 0; // wait for the oldest until half the bound remains in flight
        long bytes = 0;
        for (int i = inFlight.size() - 1; i >= 0; i--) {
            bytes += inFlight.get(i).bytes;
            if (bytes > MAX_BYTES_IN_FLIGHT / 2) break;
            keep++;
        }
        int upTo = inFlight.size() - keep;
        List<CompletableFuture<Void>> older = new ArrayList<>(upTo);
        for (int i = upTo - 1; i >= 0; i--) older.add(inFlight.get(i).done); // the newest first: by then the rest are done, one wake-up
        await(older);
        for (int i = upTo - 1; i >= 0; i--) drop(i);
        deliverEnds(false);
    }

    private void drop(int i) { bytesInFlight -= inFlight.remove(i).bytes; }

    /**
     * {@code then} runs (on this thread) once every rectangle read so far is decoded, after the
     * earlier ones given here; at once when nothing is in flight. An update's end, a fence's
     * answer.
     */
    void whenDecoded(AfterDecoding then) throws IOException {
        for (int i = inFlight.size() - 1; i >= 0; i--) if (inFlight.get(i).done.isDone() && !inFlight.get(i).done.isCompletedExceptionally()) drop(i);
        if (inFlight.isEmpty() && ends.isEmpty()) {
            then.run();
            return;
        }
        CompletableFuture<?>[] decoded = new CompletableFuture<?>[inFlight.size()];
        for (int i = 0; i < decoded.length; i++) decoded[decoded.length - 1 - i] = inFlight.get(i).done; // the newest first, as in handOut
        ends.add(new Pending(decoded, then));
        deliverEnds(ends.size() > MAX_WAITING);
    }

    /** Updates' ends and fence answers waiting for rectangles now. */
    int waiting() { return ends.size(); }

    /** Runs what waits for rectangles decoded by now (updates' ends, fence answers); {@code all}: all of it (their rectangles are done). */
    private void deliverEnds(boolean all) throws IOException {
        while (!ends.isEmpty() && (all || ends.peek().done())) {
            Pending e = ends.poll();
            await(java.util.Arrays.asList(e.decoded));
            e.then.run();
        }
    }

    /** Waits for every rectangle handed out so far and tells every update's end; throws the first failure. */
    void finish() throws IOException {
        try {
            await(inFlight.stream().map(InFlight::done).toList());
        } finally {
            inFlight.clear();
            bytesInFlight = 0;
        }
        deliverEnds(true);
    }

    /**
     * The error to report when reading failed with {@code readError}: a rectangle read before it
     * that failed to decode failed first, so that one is thrown (the read error suppressed in it).
     * Reading on while workers decode would otherwise blame the bytes after a corrupt image.
     */
    RfbProtocolException firstFailure(RfbProtocolException readError) {
        for (InFlight f : inFlight) {
            try {
                await(List.of(f.done));
            } catch (RfbProtocolException decodeError) {
                if (decodeError != readError) decodeError.addSuppressed(readError);
                return decodeError;
            } catch (RuntimeException ignored) {
                // not a protocol error: the read error stays the one to report
            }
        }
        return readError;
    }

    private static void await(List<? extends CompletableFuture<?>> futures) throws RfbProtocolException {
        try {
            for (CompletableFuture<?> f : futures) f.get();
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

    private Runnable job(Decoder d, Rect r, byte[] data, PixelFormat pf, Framebuffer fb) {
        return () -> {
            try {
                timed(d, r, data, pf, fb);
            } catch (RfbProtocolException e) {
                throw new CompletionException(e);
            } finally {
                unfinished.decrementAndGet();
            }
        };
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
