package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;

/**
 * {@code rounds bench broker}: broker processes ({@code --brokers}) on one PostgreSQL, driven
 * over loopback by load processes ({@link BrokerLoadWorker}, at most {@value #PER_WORKER}
 * endpoints each) that hold a push WebSocket per endpoint, spread over the brokers, and tap at a
 * fixed rate (a tap a broker sheds goes to the next). Prints one JSON object: endpoints held (as
 * the load saw them, and as the brokers' /metrics count them), taps/s answered, p50/p99 tap
 * latency, errors; the brokers' heap per endpoint held and longest GC pause during the taps
 * ({@link JvmGauges}); the requests they shed; and the same taps' statements run by pgbench on
 * the same database afterwards ({@link PgbenchAnchor}). Processes are started through
 * {@code prlimit} when that can raise the file descriptor limit, so that the broker is not
 * capped at the shell's.
 */
public final class BrokerBench {
    static final int PER_WORKER = 9000;
    /** With TLS each endpoint has a client (and a selector thread) of its own: fewer to a process. */
    static final int PER_TLS_WORKER = 2500;
    /**
     * Practice A's taps a second on each broker while it taps beyond its limit ({@code --tenants}):
     * a limit a 20-cart practice never meets in a day's work (its whole shift changing in a minute
     * is a third of a tap a second), and a small fraction of the brokers' capacity, as an
     * administrator sets it. It was 10: A's admitted taps at that limit were half the bench's
     * whole load again, which no limiter can give without slowing the others.
     */
    static final double PRACTICE_A_LIMIT = 2;
    /**
     * Seconds of warm-up before the measured ones, unless {@link #warmup(int)} says otherwise: the
     * tests' runs are short. A broker serves for weeks; here its JIT was still compiling a minute
     * into a run (C2 took a third of a broker's CPU 40 s in, and the brokers' CPU a tap fell by half
     * between the first and the second minute at 200 taps/s), so a short warm-up measured the compiler.
     */
    static final int SHORT_WARMUP_SECONDS = 5;

    private final int brokers, endpoints, tenants, seconds;
    private final double tapsPerSecond;
    private final String dbUrl;
    private int warmupSeconds = SHORT_WARMUP_SECONDS;
    private final PrintStream out;
    private Path key;

    public BrokerBench(int endpoints, double tapsPerSecond, int seconds, String dbUrl, PrintStream out) {
        this(1, endpoints, tapsPerSecond, seconds, dbUrl, out);
    }

    public BrokerBench(int brokers, int endpoints, double tapsPerSecond, int seconds, String dbUrl, PrintStream out) {
        this(brokers, endpoints, 0, tapsPerSecond, seconds, dbUrl, out);
    }

    /**
     * With {@code tenants} above 0 every endpoint is enrolled and taps over TLS with its own
     * certificate, the endpoints split in that many practices ({@link LoadLayout}); above 1, see
     * {@link PracticesBench}.
     */
    public BrokerBench(int brokers, int endpoints, int tenants, double tapsPerSecond, int seconds, String dbUrl, PrintStream out) {
        new LoadLayout(endpoints, tenants);   // checks --tenants against --endpoints
        if (brokers < 1 || brokers > 8) throw new IllegalArgumentException("--brokers " + brokers + " is outside 1..8");
        if (endpoints < 1 || endpoints > 100_000) throw new IllegalArgumentException("--endpoints " + endpoints + " is outside 1..100000");
        if (!(tapsPerSecond > 0 && tapsPerSecond <= 5000)) throw new IllegalArgumentException("--taps-per-s must be in (0, 5000]");
        if (seconds < 1 || seconds > 600) throw new IllegalArgumentException("--seconds " + seconds + " is outside 1..600");
        this.brokers = brokers;
        this.endpoints = endpoints;
        this.tenants = tenants;
        this.tapsPerSecond = tapsPerSecond;
        this.seconds = seconds;
        this.dbUrl = dbUrl;
        this.out = out;
    }

    /**
     * Warms up for {@code seconds} before the measured run, the taps' rate rising from a tenth of
     * the asked rate to all of it ({@link BrokerLoadWorker}), as a ward's morning does.
     */
    public BrokerBench warmup(int seconds) {
        if (seconds < 1 || seconds > 600) throw new IllegalArgumentException("--warmup " + seconds + " is outside 1..600");
        this.warmupSeconds = seconds;
        return this;
    }

    int endpoints() {
        return endpoints;
    }

    public int run() throws Exception {
        if (tenants > 1) return BenchDatabase.with(dbUrl, "rounds_bench", url -> new PracticesBench(this, brokers, tenants, out).run(url));
        return BenchDatabase.with(dbUrl, "rounds_bench", url -> {
            Map<String, Object> r = measure(url, new LoadLayout(endpoints, tenants), 0).get(0);
            out.println(new ObjectMapper().writeValueAsString(r));
            return (int) r.get("errors") == 0 ? 0 : 1;
        });
    }

    /**
     * Sets up the layout's store on {@code url}, starts the brokers (HTTPS for a TLS layout) and the
     * load processes, and runs the taps once, and with {@code flood} above 0 a second time with
     * practice A (0) tapping that much more, beyond its limit; a report for each run.
     */
    List<Map<String, Object>> measure(String url, LoadLayout layout, double flood) throws Exception {
        if (key == null) key = BenchDatabase.keyFile();   // one for the database, whichever runs come on it
        Path dir = java.nio.file.Files.createTempDirectory("rounds-bench-broker");
        List<String> launcher = moreFileDescriptors();
        List<Process> workers = new ArrayList<>();
        List<BrokerProcess> started = new ArrayList<>();
        try {
            Path codes;
            try (StoreAdmin admin = Broker.admin(url, key)) {
                codes = BenchPractices.setUp(admin, layout, dir);
                if (flood > 0) BenchPractices.limitTaps(admin, layout, 0, PRACTICE_A_LIMIT);
            }
            Path caDir = layout.tls() ? java.nio.file.Files.createDirectory(dir.resolve("ca")) : null;
            List<Path> gcLogs = new ArrayList<>();
            for (int b = 0; b < brokers; b++) {
                gcLogs.add(dir.resolve("broker-" + b + ".gc.log"));
                started.add(BrokerProcess.start(url, key, launcher, "4g", JvmGauges.gcLogOptions(gcLogs.get(b)), caDir));
            }
            String bases = String.join(",", started.stream().map(BrokerProcess::baseUrl).toList());
            long heapBefore = usedHeap(started);
            int perWorker = layout.tls() ? PER_TLS_WORKER : PER_WORKER, n = (endpoints + perWorker - 1) / perWorker;
            List<Path> loadGcLogs = new ArrayList<>();
            for (int w = 0; w < n; w++) {
                int first = w * perWorker, count = Math.min(perWorker, endpoints - first);
                loadGcLogs.add(dir.resolve("load-" + w + ".gc.log"));
                workers.add(worker(launcher, bases, first, count, layout, tapsPerSecond / n, started.get(0).caPem(), codes,
                        loadGcLogs.get(w)));
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process p : workers) outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            int connectErrors = 0;
            String connectError = null;
            for (BufferedReader r : outputs) {
                JsonNode ready = line(r, "ready");
                connectErrors += ready.path("connectErrors").asInt();
                if (connectError == null && ready.has("firstError")) connectError = ready.get("firstError").asText();
            }
            if (codes != null) java.nio.file.Files.delete(codes);   // redeemed: the codes are spent
            int heldByBroker = pushChannels(started);
            long heapHeld = usedHeap(started);
            List<Map<String, Object>> runs = new ArrayList<>();
            for (double f : flood > 0 ? new double[] {0, flood} : new double[] {0}) {
                long go = System.currentTimeMillis();
                for (int w = 0; w < workers.size(); w++) {
                    Writer in = new OutputStreamWriter(workers.get(w).getOutputStream(), StandardCharsets.UTF_8);
                    in.write(f > 0 && w == 0 ? "go " + f + "\n" : "go\n");   // practice A's endpoints are the first ones
                    in.flush();
                }
                Thread.sleep(warmupSeconds * 1000L);
                java.util.TreeMap<Double, Double> bucketsAtWarm = tapBuckets(started);
                double shedAtWarm = metric(started, "rounds_shed_total");
                List<JsonNode> results = new ArrayList<>();
                for (BufferedReader r : outputs) results.add(line(r, "held"));
                long tapsEnd = System.currentTimeMillis();
                java.util.TreeMap<Double, Double> buckets = tapBuckets(started);
                buckets.replaceAll((le, count) -> count - bucketsAtWarm.getOrDefault(le, 0.0));
                Map<String, Object> jvm = new LinkedHashMap<>();
                jvm.put("heapPerEndpointBytes", heldByBroker <= 0 ? 0 : Math.max(0, heapHeld - heapBefore) / heldByBroker);
                jvm.put("longestGcPauseMs", JvmGauges.longestPauseMs(gcLogs, go + warmupSeconds * 1000L, tapsEnd));
                jvm.put("loadLongestGcPauseMs", JvmGauges.longestPauseMs(loadGcLogs, go + warmupSeconds * 1000L, tapsEnd));
                jvm.put("shedRequests", (long) (metric(started, "rounds_shed_total") - shedAtWarm));
                jvm.put("admittedTapP99MsAtBrokers", p99Ms(buckets));
                // the set-up's errors are the first run's, counted once
                Map<String, Object> r = report(results, layout, heldByBroker, pushChannels(started), !launcher.isEmpty(), jvm,
                        runs.isEmpty() ? connectErrors : 0, runs.isEmpty() ? connectError : null);
                if (!layout.tls() || layout.practices() == 1) anchor(r, nanos(results, "latencyMicros"), url, layout.users());
                runs.add(r);
            }
            return runs;
        } finally {
            for (Process p : workers) p.destroyForcibly();
            for (BrokerProcess b : started) b.close();
            ThrowawayPostgres.deleteTree(dir);
        }
    }

    /** The brokers' used heap after a full GC, summed. */
    private static long usedHeap(List<BrokerProcess> brokers) throws IOException, InterruptedException {
        long sum = 0;
        for (BrokerProcess b : brokers) sum += JvmGauges.usedHeapAfterFullGc(b.pid());
        return sum;
    }

    private Process worker(List<String> launcher, String bases, int first, int count, LoadLayout layout, double rate, Path caPem,
                           Path codes, Path gcLog) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                // ZGC: with G1 a load process (2,000 TLS clients, 2,500 threads) stopped 70-210 ms at each young
                // collection, every 4-6 s, and every tap in flight then counted those ms as the brokers' latency
                "-XX:+UseZGC", "-Xlog:gc,gc+phases:file=" + gcLog + ":timemillis",
                // a pooled connection the broker closed as idle just then is tried again, as OkHttp's endpoints do (taps are
                // idempotent by their tap id)
                "-Djdk.httpclient.enableAllMethodRetry=true",
                "-cp", System.getProperty("java.class.path"), BrokerLoadWorker.class.getName(), bases, Integer.toString(first),
                Integer.toString(count), Integer.toString(layout.endpoints()), Integer.toString(layout.practices()), Double.toString(rate),
                Integer.toString(seconds), Integer.toString(warmupSeconds)));
        if (caPem != null) command.addAll(List.of(caPem.toString(), codes.toString()));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The worker's next JSON line that has {@code field}; its other output is skipped. */
    private static JsonNode line(BufferedReader r, String field) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String l; (l = r.readLine()) != null; ) {
            if (!l.startsWith("{")) continue;
            JsonNode n = json.readTree(l);
            if (n.has(field)) return n;
        }
        throw new IOException("a load process ended before it said \"" + field + "\"");
    }

    /** The brokers' own count of open push channels, from their Prometheus metrics. */
    private static int pushChannels(List<BrokerProcess> brokers) throws Exception {
        return (int) metric(brokers, "rounds_push_channels");
    }

    /**
     * The brokers' histogram of tap decision times ({@code rounds_decision_seconds}, route taps: the
     * taps they admitted, from the handler's start, queue included), cumulative counts by bucket
     * bound in seconds, summed over the brokers.
     */
    private static java.util.TreeMap<Double, Double> tapBuckets(List<BrokerProcess> brokers) throws Exception {
        java.util.TreeMap<Double, Double> buckets = new java.util.TreeMap<>();
        java.util.regex.Pattern bucket = java.util.regex.Pattern.compile("^rounds_decision_seconds_bucket\\{(.*)\\} (\\S+)$");
        java.util.regex.Pattern le = java.util.regex.Pattern.compile("le=\"([^\"]+)\"");
        for (BrokerProcess b : brokers) {
            String metrics = b.get("/metrics");
            for (String l : metrics.lines().toList()) {
                java.util.regex.Matcher m = bucket.matcher(l);
                if (!m.find() || !m.group(1).contains("route=\"taps\"")) continue;
                java.util.regex.Matcher bound = le.matcher(m.group(1));
                if (!bound.find()) continue;
                double upper = bound.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound.group(1));
                buckets.merge(upper, Double.parseDouble(m.group(2)), Double::sum);
            }
        }
        return buckets;
    }

    /** The bound of the first bucket holding 99 % of the decisions, in ms (-1 when none, or beyond the last bound). */
    private static double p99Ms(java.util.TreeMap<Double, Double> cumulative) {
        Double total = cumulative.get(Double.POSITIVE_INFINITY);
        if (total == null || total <= 0) return -1;
        for (var e : cumulative.entrySet()) {
            if (e.getValue() >= 0.99 * total) return Double.isInfinite(e.getKey()) ? -1 : Math.round(e.getKey() * 100_000) / 100.0;
        }
        return -1;
    }

    /** A metric summed over its series and over the brokers' /metrics (0 where a broker has none yet). */
    private static double metric(List<BrokerProcess> brokers, String name) throws Exception {
        double sum = 0;
        for (BrokerProcess b : brokers) {
            String metrics = b.get("/metrics");
            sum += metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }
        return sum;
    }

    /** {@code prlimit --nofile=65536:65536} when it works here (root, or a high enough hard limit); else nothing. */
    private static List<String> moreFileDescriptors() {
        List<String> launcher = List.of("prlimit", "--nofile=65536:65536");
        try {
            List<String> probe = new ArrayList<>(launcher);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? launcher : List.of();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    /** The {@code name} array (µs) of every load process's run, in nanoseconds. */
    static long[] nanos(List<JsonNode> results, String name) {
        List<Long> all = new ArrayList<>();
        for (JsonNode r : results) r.path(name).forEach(v -> all.add(v.asLong() * 1000));
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    private Map<String, Object> report(List<JsonNode> results, LoadLayout layout, int heldByBroker, int heldAtEnd, boolean raisedLimit,
                                       Map<String, Object> jvm, int connectErrors, String connectError) {
        int held = 0, errors = connectErrors, events = 0, acks = 0, shedSeen = 0, loadThreads = 0;
        double loadCpu = 0;
        long loadFiles = 0;
        String firstError = connectError;
        for (JsonNode r : results) {
            events += r.path("events").asInt();
            acks += r.path("acks").asInt();
            shedSeen += r.path("shed").asInt();
            loadCpu += r.path("cpuCores").asDouble();
            loadThreads = Math.max(loadThreads, r.path("threadsPeak").asInt());
            loadFiles += r.path("fileDescriptors").asLong();
            held += r.get("held").asInt();
            errors += r.get("errors").asInt();
            if (firstError == null && r.has("firstError")) firstError = r.get("firstError").asText();
        }
        long[] nanos = nanos(results, "latencyMicros");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", "broker");
        r.put("store", "postgresql");
        r.put("brokers", brokers);
        r.put("endpoints", endpoints);
        if (layout.tls()) {
            // every endpoint enrolled, on TLS with its own certificate, which names its practice
            r.put("tenants", layout.practices());
            r.put("endpointsPerTenant", layout.perPractice());
            r.put("transport", "mutual TLS");
        }
        r.put("endpointsHeld", held);
        r.put("pushChannelsOnBroker", Map.of("beforeTaps", heldByBroker, "atEnd", heldAtEnd));
        r.put("loadProcesses", results.size());
        // what the load itself costs while tapping (cores of CPU, summed over its processes): on a
        // 2-core machine a load that takes a core leaves the brokers and PostgreSQL one between them
        r.put("loadProcess", Map.of("cpuCores", Math.round(loadCpu * 1000) / 1000.0, "threadsPeak", loadThreads,
                "fileDescriptors", loadFiles, "longestGcPauseMs", jvm.remove("loadLongestGcPauseMs")));
        r.put("fileDescriptorLimitRaised", raisedLimit);
        r.put("seconds", seconds);
        r.put("warmupSeconds", warmupSeconds);
        r.put("tapsPerSecondAsked", tapsPerSecond);
        r.put("tapsAnswered", nanos.length);
        r.put("tapsPerSecond", Math.round(10.0 * nanos.length / seconds) / 10.0);
        r.put("tapLatencyMs", Latencies.summary(nanos));
        if (layout.practices() > 1) {
            // practice A's apart: it is the one that taps beyond its limit in PracticesBench's last run
            r.put("othersTapLatencyMs", Latencies.summary(nanos(results, "othersLatencyMicros")));
            r.put("othersTapLatencyMsFloodOn", Latencies.summary(nanos(results, "othersFloodOnMicros")));
            r.put("othersTapLatencyMsFloodOff", Latencies.summary(nanos(results, "othersFloodOffMicros")));
            int admitted = 0, refused = 0;
            for (JsonNode x : results) {
                admitted += x.path("practiceAAdmitted").asInt();
                refused += x.path("practiceARefused").asInt();
            }
            r.put("practiceA", Map.of("admitted", admitted, "refused429", refused,
                    "admittedPerSecond", Math.round(10.0 * admitted / seconds) / 10.0));
        }
        r.put("sessionMovedPushes", Map.of("received", events, "acknowledged", acks));
        r.put("errors", errors);
        if (firstError != null) r.put("firstError", firstError);
        r.putAll(jvm);
        r.put("shedAnswersSeenByLoad", shedSeen);
        // from the tap leaving the load's queue for that broker to its 503, warm-up included: the "within 50 ms"
        r.put("shedAnswerMs", Latencies.summary(nanos(results, "shedLatencyMicros")));
        r.put("goal", "20000 endpoints held by 2 brokers at <= 10 KB of heap each, 500 taps/s, p99 < 100 ms, pgbenchRatio <= 2");
        return r;
    }

    /**
     * pgbench running one tap's statements ({@link PgbenchAnchor}) after the timed taps, with as
     * many clients as the bench had taps in flight on average (Little's law: rate times mean
     * latency), for the measured seconds: its taps/s, and the ratio to the bench's. The bench is
     * open loop, so below the brokers' capacity its rate is the rate asked, and the ratio says
     * how far the database alone is from that rate, not yet the cost per tap.
     */
    void anchor(Map<String, Object> r, long[] nanos, String url, int users) {
        double rate = (double) nanos.length / seconds;
        double meanSeconds = nanos.length == 0 ? 0 : java.util.Arrays.stream(nanos).average().orElse(0) / 1e9;
        // at most the brokers' decision slots (24 each, the taps that work against the database at once), and
        // 32 in all, so that pgbench and the brokers' pools stay within PostgreSQL's 100 connections
        int clients = (int) Math.max(1, Math.min(Math.min(24L * brokers, 32), Math.round(rate * meanSeconds)));
        try {
            PgbenchAnchor.Result p = PgbenchAnchor.run(url, users, endpoints, clients, Math.min(seconds, 30));
            r.put("pgbenchClients", clients);
            r.put("pgbenchTapsPerSecond", p.tapsPerSecond());
            r.put("pgbenchLatencyMsAvg", p.latencyMsAvg());
            r.put("pgbenchRatio", rate <= 0 ? 0 : Math.round(100 * p.tapsPerSecond() / rate) / 100.0);
        } catch (Exception e) {
            r.put("pgbenchSkipped", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
