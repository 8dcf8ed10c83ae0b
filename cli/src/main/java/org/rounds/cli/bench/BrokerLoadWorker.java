package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.rounds.broker.api.BrokerApi;

/**
 * One load process of {@code rounds bench broker}, in a JVM of its own so that no process runs
 * out of file descriptors before the broker does: registers its share of endpoints, holds a
 * push WebSocket for each (acknowledging every session-moved at once, as a cart that blanks
 * would), waits for "go" on stdin, taps at its share of the rate, and prints one JSON line.
 *
 * <p>Args: {@code BASE_URLS FIRST_ENDPOINT COUNT USERS TAPS_PER_S SECONDS WARMUP_SECONDS}
 * (taps in the first WARMUP_SECONDS, while the broker's JIT warms up, are not measured). Taps are sent on a
 * fixed schedule whatever the answers do (open loop), and each latency is measured from the
 * tap's scheduled time, so a stalled broker shows as latency, not as fewer taps.
 *
 * <p>{@code BASE_URLS} is a comma-separated list of brokers: endpoint i registers, holds its push
 * channel and taps on broker i mod n; a tap its broker sheds (503) goes to the next broker at
 * once, within the same tap, as the endpoint's BrokerClient does. A tap every broker shed is an
 * error; the 503s are counted ({@code shed}).
 *
 * <p>The load must cost less than what it measures: one HTTP client (a selector thread and two
 * executor threads) carries every push channel and tap, taps share at most
 * {@value #LANES_PER_BROKER} kept-alive connections per broker ({@link TapLanes}), and no thread
 * is started per tap. Its own CPU, threads and file descriptors are in its answer
 * ({@code cpuCores}, {@code threadsPeak}, {@code fileDescriptors}).
 */
public final class BrokerLoadWorker {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * More than a broker's 24 decision slots, so that a broker still sees taps queue and sheds
     * them, and few enough that the load process holds a few dozen connections, not thousands.
     */
    static final int LANES_PER_BROKER = 64;

    private final List<String> bases;
    /** The broker each endpoint taps on first now, by its index from {@code first}. */
    private final java.util.concurrent.atomic.AtomicIntegerArray current;
    private final int first, count, users;
    private final double tapsPerSecond;
    private final int seconds, warmup;
    /**
     * One client for every tap and push channel: its selector thread does the I/O, and two
     * threads complete the answers (the JDK's default executor starts a thread per busy moment).
     * HTTP/1.1, so that no request carries an h2c upgrade the broker ignores anyway.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).executor(java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "bench-load");
                t.setDaemon(true);
                return t;
            })).build();
    /** Each broker's requests, at most {@value #LANES_PER_BROKER} in flight (so as many connections). */
    private final List<TapLanes> lanes = new ArrayList<>();
    private final List<WebSocket> held = new ArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger events = new AtomicInteger(), acks = new AtomicInteger(), shed = new AtomicInteger();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** From a tap leaving the load's queue for a broker (its lane) to that broker's 503, for each tap a broker shed. */
    private final ConcurrentLinkedQueue<Long> shedLatencies = new ConcurrentLinkedQueue<>();

    private BrokerLoadWorker(String[] a) {
        bases = List.of(a[0].split(","));
        first = Integer.parseInt(a[1]);
        count = Integer.parseInt(a[2]);
        users = Integer.parseInt(a[3]);
        tapsPerSecond = Double.parseDouble(a[4]);
        seconds = Integer.parseInt(a[5]);
        warmup = Integer.parseInt(a[6]);
        current = new java.util.concurrent.atomic.AtomicIntegerArray(count);
        for (int i = 0; i < count; i++) current.set(i, home(first + i));
        for (int b = 0; b < bases.size(); b++) lanes.add(new TapLanes(http, LANES_PER_BROKER));
    }

    public static void main(String[] args) throws Exception {
        BrokerLoadWorker w = new BrokerLoadWorker(args);
        w.keepAlive();
        w.connect();
        System.out.println("{\"ready\":" + w.held.size() + "}");
        System.out.flush();
        String go = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!"go".equals(go)) return;
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuAtGo = os.getProcessCpuTime(), wallAtGo = System.nanoTime();
        long[] latencies = w.tap();
        double cpuCores = (double) (os.getProcessCpuTime() - cpuAtGo) / (System.nanoTime() - wallAtGo);
        ObjectNode r = JSON.createObjectNode();
        r.put("held", w.held.size() - w.closed.get());
        r.put("errors", w.errors.get());
        r.put("events", w.events.get());
        r.put("acks", w.acks.get());
        r.put("shed", w.shed.get());
        if (w.firstError.get() != null) r.put("firstError", w.firstError.get());
        // the load's own cost while tapping: CPU (in cores), threads and file descriptors (push channels, connections)
        r.put("cpuCores", Math.round(cpuCores * 1000) / 1000.0);
        r.put("threadsPeak", java.lang.management.ManagementFactory.getThreadMXBean().getPeakThreadCount());
        r.put("fileDescriptors", openFiles());
        var l = r.putArray("latencyMicros");
        for (long n : latencies) l.add(n / 1000);
        var sl = r.putArray("shedLatencyMicros");
        for (long n : w.shedLatencies) sl.add(n / 1000);
        System.out.println(r);
        System.out.flush();
        // Hold the channels until the bench ends this process: it counts the brokers' channels after
        // every load process answered, and one that exited at once had closed its share by then
        // (pushChannelsOnBroker.atEnd was 154 of 20,000 with three load processes).
        while (System.in.read() >= 0) {
            // the bench writes nothing more; end of input or being killed ends the wait
        }
        System.exit(0);
    }

    /**
     * Pings every channel each minute, as the endpoint's OkHttp client does every 15 s: the
     * broker closes a channel idle for 5 minutes, and opening 20,000 takes minutes here.
     */
    private void keepAlive() {
        java.util.concurrent.ScheduledExecutorService pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ping");
            t.setDaemon(true);
            return t;
        });
        pinger.scheduleAtFixedRate(() -> {
            List<WebSocket> all;
            synchronized (held) {
                all = List.copyOf(held);
            }
            for (WebSocket ws : all) {
                try {
                    if (!ws.isOutputClosed()) ws.sendPing(java.nio.ByteBuffer.allocate(0));
                } catch (IllegalStateException pending) {
                    // a ping still in flight: this channel is not idle
                }
            }
        }, 60, 60, TimeUnit.SECONDS);
    }

    /** This process's open file descriptors (-1 where /proc is not there to count them). */
    private static long openFiles() {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException | UncheckedIOException e) {
            return -1;
        }
    }

    private static String endpoint(int i) { return "bench-ep-" + i; }

    /** The broker endpoint i registers, listens and taps on first. */
    private int home(int i) { return i % bases.size(); }

    static String badge(int u) { return "BENCHB" + (1_000_000 + u); }

    /** Registers every endpoint and opens its push channel, a few hundred at a time. */
    private void connect() throws Exception {
        Semaphore inFlight = new Semaphore(16);   // a site's carts come up over minutes, not all in one instant
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String ep = endpoint(i);
            inFlight.acquire();
            String base = bases.get(home(i));
            CompletableFuture<?> f = post(base, BrokerApi.ENDPOINTS, "{\"endpointId\":\"" + ep + "\",\"kind\":\"cart\",\"location\":\"Bench\"}")
                    .thenApply(a -> ok(a.response()))
                    .thenCompose(r -> http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                            .buildAsync(URI.create(base.replace("http://", "ws://") + BrokerApi.pushPath(ep)), new Acker()))
                    .thenAccept(ws -> {
                        synchronized (held) {
                            held.add(ws);
                        }
                    })
                    .whenComplete((x, e) -> {
                        inFlight.release();
                        if (e != null) failed(e);
                    });
            all.add(f);
        }
        for (CompletableFuture<?> f : all) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted in errors
            }
        }
    }

    private CompletableFuture<TapLanes.Answer> post(String base, String path, String body) {
        return lanes.get(bases.indexOf(base)).send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        if (r.statusCode() >= 300) throw new IllegalStateException("HTTP " + r.statusCode() + " from " + r.uri().getPath() + ": " + r.body());
        return r;
    }

    /**
     * Taps on the {@code k}-th broker from the one the endpoint uses now; a 503 (shed) moves to the
     * next at once, until each was asked, and the endpoint stays on the broker that answered (sticky,
     * as BrokerClient's routes are).
     */
    private CompletableFuture<HttpResponse<String>> tapFrom(int ep, int from, int k, String body) {
        int b = (from + k) % bases.size();
        return post(bases.get(b), BrokerApi.TAPS, body).thenCompose(a -> {
            HttpResponse<String> r = a.response();
            if (r.statusCode() != 503) {
                current.set(ep - first, b);
                return CompletableFuture.completedFuture(ok(r));
            }
            shed.incrementAndGet();
            shedLatencies.add(System.nanoTime() - a.sentNanos());
            if (k + 1 < bases.size()) return tapFrom(ep, from, k + 1, body);
            return CompletableFuture.failedFuture(new IllegalStateException("every broker shed the tap: " + r.body()));
        });
    }

    /** Taps on a fixed schedule for the run; returns each answered tap's latency from its scheduled time. */
    private long[] tap() throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long period = (long) (1_000_000_000L / tapsPerSecond);
        long start = System.nanoTime(), end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long n = 0; ; n++) {
            long at = start + n * period;
            if (at >= end) break;
            long wait = at - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            int ep = first + random.nextInt(count);
            String body = "{\"endpointId\":\"" + endpoint(ep) + "\",\"credential\":\"" + badge(random.nextInt(users))
                    + "\",\"tapId\":\"" + endpoint(ep) + "-" + n + "-" + random.nextInt(1 << 30) + "\"}";
            pending.add(tapFrom(ep, current.get(ep - first), 0, body).whenComplete((r, e) -> {
                if (e != null) failed(e);
                else if (at >= measureFrom) latencies.add(System.nanoTime() - at);
            }));
        }
        for (CompletableFuture<?> f : pending) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted in errors
            }
        }
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    private void failed(Throwable e) {
        errors.incrementAndGet();
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        firstError.compareAndSet(null, root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    /** Acknowledges each event by its id, and counts a channel the broker closed. */
    private final class Acker implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode event = JSON.readTree(text.toString());
                    events.incrementAndGet();
                    ws.sendText("{\"eventId\":\"" + event.path("eventId").asText() + "\"}", true)
                            .whenComplete((x, e) -> {
                                if (e == null) acks.incrementAndGet();
                                else failed(e);
                            });
                } catch (Exception e) {
                    failed(e);
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.incrementAndGet();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.incrementAndGet();
        }
    }
}
