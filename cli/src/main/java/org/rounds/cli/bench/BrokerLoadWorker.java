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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rounds.broker.api.BrokerApi;

/**
 * One load process of {@code rounds bench broker}, in a JVM of its own so that no process runs
 * out of file descriptors before the broker does: registers its share of endpoints, holds a
 * push WebSocket for each (acknowledging every session-moved at once, as a cart that blanks
 * would), then taps at its share of the rate each time the bench says "go" on stdin, printing one
 * JSON line per run.
 *
 * <p>Args: {@code BASE_URLS FIRST_ENDPOINT COUNT ENDPOINTS PRACTICES TAPS_PER_S SECONDS WARMUP_SECONDS
 * [CA_PEM CODES_FILE]}: its endpoints are FIRST_ENDPOINT.. of the bench's {@link LoadLayout} (ENDPOINTS,
 * PRACTICES); with PRACTICES above 0 each endpoint first redeems its enrolment code (from
 * CODES_FILE, {@code INDEX CODE} lines) for a certificate and then talks TLS presenting it
 * ({@link EnrolledClients}), trusting CA_PEM. Taps in the first WARMUP_SECONDS, while the broker's
 * JIT warms up, are not measured; their rate rises to TAPS_PER_S over them ({@link #rampedRate}).
 * Taps are sent on a fixed schedule whatever the answers do (open loop), and each latency is
 * measured from the tap's scheduled time, so a stalled broker shows as latency, not as fewer taps.
 *
 * <p>{@code go} runs the taps; {@code go RATE} also has practice 0's endpoints of this process tap
 * at RATE more, beyond its limit, in turns ({@link FloodWindows}): its taps refused with 429 are
 * counted ({@code practiceARefused}), and the other practices' latencies are reported apart
 * ({@code othersLatencyMicros}), and by window ({@code othersFloodOnMicros}, {@code
 * othersFloodOffMicros}), to show one practice at its limit does not slow the others.
 *
 * <p>{@code BASE_URLS} is a comma-separated list of brokers: endpoint i registers, holds its push
 * channel and taps on broker i mod n; a tap its broker sheds (503) goes to the next broker at
 * once, within the same tap, as the endpoint's BrokerClient does. A tap every broker shed is an
 * error; the 503s are counted ({@code shed}).
 *
 * <p>The load must cost less than what it measures: one HTTP client (a selector thread and two
 * executor threads) carries every push channel and tap of a plain-HTTP run, whose taps share at
 * most {@value #LANES_PER_BROKER} requests in flight per broker ({@link TapLanes}); with TLS each
 * endpoint has a client of its own, sharing those executor threads. No thread is started per tap. Its own CPU, threads
 * and file descriptors are in its answer ({@code cpuCores}, {@code threadsPeak}, {@code fileDescriptors}).
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
    private final int first, count;
    private final LoadLayout layout;
    private final double tapsPerSecond;
    private final int seconds, warmup;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-load");
        t.setDaemon(true);
        return t;
    });
    /**
     * One client for every tap and push channel of a plain-HTTP run: its selector thread does the
     * I/O, and two threads complete the answers (the JDK's default executor starts a thread per
     * busy moment). HTTP/1.1, so that no request carries an h2c upgrade the broker ignores anyway.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).executor(executor).build();
    /** With TLS, each endpoint's own client (presenting its certificate), by its index from {@code first}. */
    private final HttpClient[] own;
    private final Path caPem, codes;
    /** Each broker's requests, at most {@value #LANES_PER_BROKER} in flight. */
    private final List<TapLanes> lanes = new ArrayList<>();
    private final List<WebSocket> held = new ArrayList<>();
    private final AtomicInteger closed = new AtomicInteger();
    /** What the current run saw; a new one for each "go". */
    private volatile LoadRun run = new LoadRun();

    private BrokerLoadWorker(String[] a) {
        bases = List.of(a[0].split(","));
        first = Integer.parseInt(a[1]);
        count = Integer.parseInt(a[2]);
        layout = new LoadLayout(Integer.parseInt(a[3]), Integer.parseInt(a[4]));
        tapsPerSecond = Double.parseDouble(a[5]);
        seconds = Integer.parseInt(a[6]);
        warmup = Integer.parseInt(a[7]);
        caPem = a.length > 9 ? Path.of(a[8]) : null;
        codes = a.length > 9 ? Path.of(a[9]) : null;
        own = new HttpClient[count];
        current = new java.util.concurrent.atomic.AtomicIntegerArray(count);
        for (int i = 0; i < count; i++) current.set(i, home(first + i));
        // With TLS each endpoint has its own connections, as at a site, so nothing caps them: one
        // practice's slow taps must not hold the others' in the load's own line.
        int perBroker = caPem == null ? LANES_PER_BROKER : Math.max(LANES_PER_BROKER, count);
        for (int b = 0; b < bases.size(); b++) lanes.add(new TapLanes(http, perBroker));
    }

    public static void main(String[] args) throws Exception {
        BrokerLoadWorker w = new BrokerLoadWorker(args);
        w.keepAlive();
        w.connect();
        System.out.println("{\"ready\":" + w.held.size() + ",\"connectErrors\":" + w.run.errors.get()
                + (w.run.firstError.get() == null ? "" : ",\"firstError\":" + JSON.writeValueAsString(w.run.firstError.get())) + "}");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        // Each "go" is a run; the channels stay held between runs and after the last, until the bench
        // ends this process: it counts the brokers' channels after every load process answered.
        for (String go; (go = in.readLine()) != null; ) {
            if (!go.startsWith("go")) continue;
            double flood = go.length() > 2 ? Double.parseDouble(go.substring(2).trim()) : 0;
            w.run = new LoadRun();
            long cpuAtGo = os.getProcessCpuTime(), wallAtGo = System.nanoTime();
            w.tap(flood);
            double cpuCores = (double) (os.getProcessCpuTime() - cpuAtGo) / (System.nanoTime() - wallAtGo);
            ObjectNode r = w.run.asJson(JSON);
            r.put("held", w.held.size() - w.closed.get());
            // the load's own cost while tapping: CPU (in cores), threads and file descriptors (push channels, connections)
            r.put("cpuCores", Math.round(cpuCores * 1000) / 1000.0);
            r.put("threadsPeak", java.lang.management.ManagementFactory.getThreadMXBean().getPeakThreadCount());
            r.put("fileDescriptors", openFiles());
            System.out.println(r);
            System.out.flush();
        }
        System.exit(0);
    }

    /**
     * Pings every channel once a minute, as the endpoint's OkHttp client does every 15 s: the
     * broker closes a channel idle for 5 minutes, and opening 20,000 takes minutes here. A
     * sixtieth of them each second ({@link PingSlots}), not all at once.
     */
    private void keepAlive() {
        java.util.concurrent.ScheduledExecutorService pinger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-ping");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger ticks = new AtomicInteger();
        pinger.scheduleAtFixedRate(() -> {
            List<WebSocket> due;
            synchronized (held) {
                due = PingSlots.due(held, ticks.getAndIncrement());
            }
            for (WebSocket ws : due) {
                try {
                    if (!ws.isOutputClosed()) ws.sendPing(java.nio.ByteBuffer.allocate(0));
                } catch (IllegalStateException pending) {
                    // a ping still in flight: this channel is not idle
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** This process's open file descriptors (-1 where /proc is not there to count them). */
    private static long openFiles() {
        try (var fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (java.io.IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** The broker endpoint i registers, listens and taps on first. */
    private int home(int i) { return i % bases.size(); }

    /** The client endpoint i talks through: its own with TLS, else the shared one. */
    private HttpClient via(int i) {
        HttpClient c = own[i - first];
        return c != null ? c : http;
    }

    /** Each of this process's endpoints' enrolment codes, by index from {@code first}. */
    private String[] codes() throws java.io.IOException {
        String[] mine = new String[count];
        for (String line : java.nio.file.Files.readAllLines(codes)) {
            int space = line.indexOf(' '), i = Integer.parseInt(line.substring(0, space));
            if (i >= first && i < first + count) mine[i - first] = line.substring(space + 1);
        }
        return mine;
    }

    /**
     * Enrols every endpoint (with TLS), registers it and opens its push channel, a few at a time:
     * a site's carts come up over minutes, not all in one instant.
     */
    private void connect() throws Exception {
        EnrolledClients enrolling = caPem == null ? null : new EnrolledClients(caPem, executor);
        String[] mine = enrolling == null ? null : codes();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            int ep = i;
            String id = layout.endpointId(i), base = bases.get(home(i));
            inFlight.acquire();
            CompletableFuture<HttpClient> client = enrolling == null ? CompletableFuture.completedFuture(http)
                    : enrolling.enrol(base, mine[i - first]).thenApply(c -> own[ep - first] = c);
            CompletableFuture<?> f = client
                    .thenCompose(c -> post(ep, base, BrokerApi.ENDPOINTS, "{\"endpointId\":\"" + id + "\",\"kind\":\"cart\",\"location\":\"Bench\"}"))
                    .thenApply(a -> ok(a.response()))
                    .thenCompose(r -> via(ep).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                            .buildAsync(URI.create(base.replaceFirst("^http", "ws") + BrokerApi.pushPath(id)), new Acker()))
                    .thenAccept(ws -> {
                        synchronized (held) {
                            held.add(ws);
                        }
                    })
                    .whenComplete((x, e) -> {
                        inFlight.release();
                        if (e != null) run.failed(e);
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

    private CompletableFuture<TapLanes.Answer> post(int ep, String base, String path, String body) {
        return lanes.get(bases.indexOf(base)).send(via(ep), HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> ok(HttpResponse<String> r) {
        if (r.statusCode() >= 300) throw new IllegalStateException("HTTP " + r.statusCode() + " from " + r.uri().getPath() + ": " + r.body());
        return r;
    }

    /**
     * Taps on the {@code k}-th broker from the one the endpoint uses now; a 503 (shed) moves to the
     * next at once, until each was asked, and the endpoint stays on the broker that answered (sticky,
     * as BrokerClient's routes are). A 429 is answered as it is (the practice is over its limit:
     * every broker would say so).
     */
    private CompletableFuture<HttpResponse<String>> tapFrom(int ep, int from, int k, String body) {
        int b = (from + k) % bases.size();
        LoadRun r = run;
        return post(ep, bases.get(b), BrokerApi.TAPS, body).thenCompose(a -> {
            HttpResponse<String> answer = a.response();
            if (answer.statusCode() != 503) {
                current.set(ep - first, b);
                return CompletableFuture.completedFuture(answer);
            }
            r.shed(System.nanoTime() - a.sentNanos());
            if (k + 1 < bases.size()) return tapFrom(ep, from, k + 1, body);
            return CompletableFuture.failedFuture(new IllegalStateException("every broker shed the tap: " + answer.body()));
        });
    }

    /**
     * Taps on a fixed schedule for the run, at the process's share of the rate over all its
     * endpoints, and at {@code flood} taps/s more over its endpoints of practice 0.
     */
    private void tap(double flood) throws InterruptedException {
        long start = System.nanoTime(), end = start + TimeUnit.SECONDS.toNanos(warmup + seconds);
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        List<CompletableFuture<?>> pending = java.util.Collections.synchronizedList(new ArrayList<>());
        int practiceAEnd = Math.min(first + count, layout.practices() > 1 ? layout.perPractice() : 0);
        Thread flooding = null;
        if (flood > 0 && practiceAEnd > first) {
            flooding = new Thread(() -> schedule(flood, first, practiceAEnd, start, end, measureFrom, true, pending), "bench-flood");
            flooding.start();
        }
        schedule(tapsPerSecond, first, first + count, start, end, measureFrom, false, pending);
        if (flooding != null) flooding.join();
        for (CompletableFuture<?> f : List.copyOf(pending)) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // counted in errors
            }
        }
    }

    /** Taps at {@code rate} on endpoints {@code [from, to)}, chosen at random, until {@code end}. */
    private void schedule(double rate, int from, int to, long start, long end, long measureFrom, boolean flood,
                          List<CompletableFuture<?>> pending) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        LoadRun r = run;
        long next = start;
        for (long n = 0; ; n++) {
            if (n > 0) next += (long) (1_000_000_000L / rampedRate(rate, next - start, measureFrom - start));
            long at = next;
            if (at >= end) break;
            if (flood && !FloodWindows.flooding(at - measureFrom)) continue;
            long wait = at - System.nanoTime();
            try {
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int ep = from + random.nextInt(to - from);
            boolean practiceA = layout.practices() > 1 && layout.practiceOf(ep) == 0;
            String body = "{\"endpointId\":\"" + layout.endpointId(ep) + "\",\"credential\":\""
                    + LoadLayout.badge(random.nextInt(layout.usersPerPractice())) + "\",\"tapId\":\"" + layout.endpointId(ep) + "-"
                    + (flood ? "f" : "") + n + "-" + random.nextInt(1 << 30) + "\"}";
            pending.add(tapFrom(ep, current.get(ep - first), 0, body).whenComplete((answer, e) -> {
                if (e != null) r.failed(e);
                else r.answered(answer, at >= measureFrom ? System.nanoTime() - at : -1, practiceA, flood, FloodWindows.of(at - measureFrom));
            }));
        }
    }

    /**
     * The rate at {@code elapsed} into the run: from a tenth of {@code rate} at the start to all
     * of it at the end of the warm-up ({@code warmup}), so that brokers whose JIT has not yet
     * compiled the tap's path are not buried under a backlog the measured taps then wait behind.
     */
    static double rampedRate(double rate, long elapsed, long warmup) {
        if (elapsed >= warmup) return rate;
        return rate * (0.1 + 0.9 * elapsed / warmup);
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
                    LoadRun r = run;
                    r.events.incrementAndGet();
                    ws.sendText("{\"eventId\":\"" + event.path("eventId").asText() + "\"}", true)
                            .whenComplete((x, e) -> {
                                if (e == null) r.acks.incrementAndGet();
                                else r.failed(e);
                            });
                } catch (Exception e) {
                    run.failed(e);
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
