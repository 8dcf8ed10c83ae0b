package org.rounds.cli.bench;

import static org.rounds.cli.bench.BenchCarts.badge;
import static org.rounds.cli.bench.BenchCarts.endpoint;
import static org.rounds.cli.bench.BenchCarts.sleepUntil;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;

/**
 * {@code rounds bench failover}: N brokers (each its own process) on one PostgreSQL, E simulated
 * endpoints each with the real {@link BrokerClient} (its own preferred broker, the 2 s tap
 * deadline, a push channel that acknowledges session-moved at once) tapping users' badges; half
 * way through, the broker a third of the endpoints prefer is killed with SIGKILL. Prints one
 * JSON object: taps, failed taps, tap latency before and after the kill, and whether the store
 * is whole afterwards (every decided tap advanced exactly one session and wrote its audit row,
 * none was left pending). Exit status 0 when no tap failed and the store is whole.
 */
public final class FailoverBench {
    static final int WARMUP_SECONDS = 5;
    private final int brokers, endpoints, seconds;
    private final double tapsPerSecond;
    private final String dbUrl;
    private final PrintStream out;

    /** {@code dbUrl} null: a throw-away PostgreSQL cluster is started (and removed) for the run. */
    public FailoverBench(int brokers, int endpoints, double tapsPerSecond, int seconds, String dbUrl, PrintStream out) {
        if (brokers < 2 || brokers > 9) throw new IllegalArgumentException("--brokers " + brokers + " is outside 2..9");
        BenchCarts.checkLoad(endpoints, tapsPerSecond);
        if (seconds < 4 || seconds > 600) throw new IllegalArgumentException("--seconds " + seconds + " is outside 4..600");
        this.brokers = brokers;
        this.endpoints = endpoints;
        this.tapsPerSecond = tapsPerSecond;
        this.seconds = seconds;
        this.dbUrl = dbUrl;
        this.out = out;
    }

    /** One tap as an endpoint saw it. */
    private record Tap(long startNanos, long nanos, String error) {}

    /** The key file every broker of the run reads (made at its start). */
    private java.nio.file.Path key;

    public int run() throws Exception {
        return BenchDatabase.with(dbUrl, "rounds_failover", this::run);
    }

    private int run(String url) throws Exception {
        key = BenchDatabase.keyFile();
        try (StoreAdmin admin = Broker.admin(url, key)) {   // migrates the store before any broker starts
            BenchCarts.enrollUsers(admin, endpoints);
        }
        List<BrokerProcess> processes = startBrokers(url);
        List<String> urls = processes.stream().map(BrokerProcess::baseUrl).toList();
        BenchCarts carts = new BenchCarts();
        List<Tap> taps = Collections.synchronizedList(new ArrayList<>());
        long killAt;
        try {
            carts.register(urls, endpoints);   // a third prefer each broker
            carts.awaitPushChannels(java.time.Duration.ofSeconds(30));
            // Untimed taps first: the brokers' JIT and connection pools warm up as a running site's would be.
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS), end = start + TimeUnit.SECONDS.toNanos(seconds);
            killAt = start + TimeUnit.SECONDS.toNanos(seconds) / 2;
            ExecutorService threads = Executors.newFixedThreadPool(endpoints);
            for (int i = 0; i < endpoints; i++) {
                int e = i;
                threads.execute(() -> tapUntil(carts.client(e), e, start, end, taps));
            }
            sleepUntil(killAt);
            processes.get(0).kill();
            threads.shutdown();
            threads.awaitTermination(seconds + 30L, TimeUnit.SECONDS);
        } finally {
            carts.close();
            for (BrokerProcess p : processes) p.close();
        }
        Map<String, Object> store = store(url);
        return report(taps, killAt, store);
    }

    private List<BrokerProcess> startBrokers(String url) throws Exception {
        ExecutorService starting = Executors.newFixedThreadPool(brokers);
        try {
            List<java.util.concurrent.Future<BrokerProcess>> started = new ArrayList<>();
            for (int b = 0; b < brokers; b++) started.add(starting.submit(() -> BrokerProcess.start(url, key)));
            List<BrokerProcess> processes = new ArrayList<>();
            for (var f : started) processes.add(f.get(60, TimeUnit.SECONDS));
            return processes;
        } finally {
            starting.shutdown();
        }
    }

    /**
     * One endpoint: taps at random intervals (mean endpoints / rate), the k-th tap with badge
     * i + k, until {@code end}; those from {@code measureFrom} on are recorded.
     */
    private void tapUntil(BrokerClient client, int e, long measureFrom, long end, List<Tap> taps) {
        double meanGapMs = 1000.0 * endpoints / tapsPerSecond;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int k = 0; ; k++) {
            sleepUntil(System.nanoTime() + (long) (random.nextDouble(0.5, 1.5) * meanGapMs * 1_000_000));
            long t0 = System.nanoTime();
            if (t0 >= end) return;
            String error = null;
            try {
                client.tap(new TapRequest(endpoint(e), badge((e + k) % endpoints), endpoint(e) + "-" + k));
            } catch (BrokerException x) {
                error = x.getMessage();
            }
            if (t0 >= measureFrom) taps.add(new Tap(t0, System.nanoTime() - t0, error));
        }
    }

    /** Whether what the brokers committed is whole: one generation and one audit row per decided tap, none pending. */
    private Map<String, Object> store(String url) throws SQLException {
        Map<String, Object> s = new LinkedHashMap<>();
        try (StoreAdmin admin = Broker.admin(url, key); Connection c = admin.db().connection(); Statement st = c.createStatement()) {
            long decided = count(st, "SELECT COUNT(*) FROM taps WHERE decision IS NOT NULL");
            long pending = count(st, "SELECT COUNT(*) FROM taps WHERE decision IS NULL");
            long generations = count(st, "SELECT COALESCE(SUM(generation), 0) FROM desktop_sessions");
            long audited = count(st, "SELECT COUNT(*) FROM audit WHERE kind IN ('connect', 'takeover', 'tap-out')");
            s.put("decidedTaps", decided);
            s.put("pendingTaps", pending);
            s.put("sessionGenerations", generations);
            s.put("auditRows", audited);
            s.put("whole", pending == 0 && generations == decided && audited == decided);
        }
        return s;
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int report(List<Tap> taps, long killAt, Map<String, Object> store) throws Exception {
        List<Tap> all = List.copyOf(taps);
        List<Tap> failed = all.stream().filter(t -> t.error() != null).toList();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", "failover");
        r.put("brokers", brokers);
        r.put("endpoints", endpoints);
        r.put("seconds", seconds);
        r.put("warmupSeconds", WARMUP_SECONDS);
        r.put("killed", "broker 1 of " + brokers + " (SIGKILL) after " + seconds / 2.0 + " s");
        r.put("taps", all.size());
        r.put("failedTaps", failed.size());
        if (!failed.isEmpty()) {
            r.put("firstFailure", failed.get(0).error());
            r.put("failures", failures(failed, killAt));
        }
        r.put("beforeKillMs", phase(all, t -> t.startNanos() < killAt));
        Map<String, Object> after = phase(all, t -> t.startNanos() >= killAt);
        r.put("afterKillMs", after);
        r.put("store", store);
        boolean met = failed.isEmpty() && Boolean.TRUE.equals(store.get("whole"));
        r.put("goal", "0 failed taps, p99 after the kill < 2000 ms, store whole");
        r.put("met", met && (double) after.getOrDefault("p99", 0.0) < 2000);
        out.println(new ObjectMapper().writeValueAsString(r));
        return met ? 0 : 1;
    }

    /**
     * When the failed taps started (before or after the kill, the first and last in ms from it)
     * and what they said, most frequent first: what tells a stalled broker from a slow failover.
     */
    private static Map<String, Object> failures(List<Tap> failed, long killAt) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("beforeKill", failed.stream().filter(t -> t.startNanos() < killAt).count());
        f.put("afterKill", failed.stream().filter(t -> t.startNanos() >= killAt).count());
        long[] fromKill = failed.stream().mapToLong(t -> (t.startNanos() - killAt) / 1_000_000).sorted().toArray();
        f.put("firstMsFromKill", fromKill[0]);
        f.put("lastMsFromKill", fromKill[fromKill.length - 1]);
        Map<String, Long> kinds = failed.stream().collect(java.util.stream.Collectors.groupingBy(Tap::error,
                java.util.stream.Collectors.counting()));
        Map<String, Long> top = new LinkedHashMap<>();
        kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        f.put("errors", top);
        return f;
    }

    private static Map<String, Object> phase(List<Tap> taps, java.util.function.Predicate<Tap> in) {
        long[] nanos = taps.stream().filter(in).filter(t -> t.error() == null).mapToLong(Tap::nanos).toArray();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("taps", nanos.length);
        p.putAll(Latencies.summary(nanos));
        return p;
    }

}
