package org.rounds.cli.bench;

import static org.rounds.cli.bench.BenchCarts.badge;
import static org.rounds.cli.bench.BenchCarts.endpoint;
import static org.rounds.cli.bench.BenchCarts.sleepUntil;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.BrokerRejectedException;

/**
 * {@code rounds bench dbfailover}: two brokers (each its own process) given a PostgreSQL primary
 * and its synchronous standby ({@code postgresql://a,b/rounds?targetServerType=primary}), E
 * endpoints tapping through the real {@link BrokerClient}; half way through the primary is
 * SIGKILLed and the standby promoted at once. An endpoint retries a tap that failed under the
 * same tap id, for up to {@link #RETRY_FOR_MS} ms, as the client app does. Prints one JSON
 * object: {@code taps} (started in the measured time), {@code failedTaps} (never answered),
 * {@code lostCommittedTaps} (answered, yet not on the new primary), {@code recoveryMs} (from the
 * kill to the first tap answered that was sent after it). Exit status 0 when the goals are met:
 * no tap failed or was lost, and recovery within 5 s.
 */
public final class DbFailoverBench {
    static final int WARMUP_SECONDS = 3;
    static final long RETRY_FOR_MS = 15_000;
    static final long RECOVERY_GOAL_MS = 5_000;
    private static final String DB = "rounds";
    private final int endpoints, seconds;
    private final double tapsPerSecond;
    private final PrintStream out;

    public DbFailoverBench(double tapsPerSecond, int endpoints, int seconds, PrintStream out) {
        BenchCarts.checkLoad(endpoints, tapsPerSecond);
        if (seconds < 6 || seconds > 600) throw new IllegalArgumentException("--seconds " + seconds + " is outside 6..600");
        this.endpoints = endpoints;
        this.tapsPerSecond = tapsPerSecond;
        this.seconds = seconds;
        this.out = out;
    }

    /** One tap as its endpoint saw it, over all its tries: answered (its decision committed) or not. */
    private record Tap(String tapId, boolean answered, long startNanos, long nanos) {}

    public int run() throws Exception {
        try (ThrowawayPostgresPair pg = ThrowawayPostgresPair.start(DB)) {
            return run(pg);
        }
    }

    private int run(ThrowawayPostgresPair pg) throws Exception {
        String url = pg.url(DB);
        java.nio.file.Path key = BenchDatabase.keyFile();
        try (StoreAdmin admin = Broker.admin(url, key)) {   // migrates the store before any broker starts
            BenchCarts.enrollUsers(admin, endpoints);
        }
        List<BrokerProcess> brokers = new ArrayList<>();
        BenchCarts carts = new BenchCarts();
        List<Tap> taps = Collections.synchronizedList(new ArrayList<>());
        AtomicLong firstServedAfterKill = new AtomicLong(Long.MAX_VALUE);
        long killAt;
        try {
            brokers.add(BrokerProcess.start(url, key));
            brokers.add(BrokerProcess.start(url, key));
            List<String> urls = brokers.stream().map(BrokerProcess::baseUrl).toList();
            carts.register(urls, endpoints);   // half prefer each broker
            carts.awaitPushChannels(java.time.Duration.ofSeconds(30));
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            killAt = start + TimeUnit.SECONDS.toNanos(seconds) / 2;
            ExecutorService threads = Executors.newFixedThreadPool(endpoints);
            long kill = killAt;
            for (int i = 0; i < endpoints; i++) {
                int e = i;
                threads.execute(() -> tapUntil(carts.client(e), e, start, end, kill, taps, firstServedAfterKill));
            }
            sleepUntil(killAt);
            pg.kill();
            pg.promote();
            threads.shutdown();
            threads.awaitTermination(seconds + RETRY_FOR_MS / 1000 + 30L, TimeUnit.SECONDS);
        } finally {
            carts.close();
            for (BrokerProcess p : brokers) p.close();
        }
        Set<String> stored = decidedTaps(pg.standbyJdbcUrl(DB));
        List<Tap> all = List.copyOf(taps);
        long failed = all.stream().filter(t -> !t.answered()).count();
        long lost = all.stream().filter(t -> t.answered() && !stored.contains(t.tapId())).count();
        long recoveryMs = firstServedAfterKill.get() == Long.MAX_VALUE ? -1
                : TimeUnit.NANOSECONDS.toMillis(firstServedAfterKill.get() - killAt);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("taps", all.size());
        r.put("failedTaps", failed);
        r.put("lostCommittedTaps", lost);
        r.put("recoveryMs", recoveryMs);
        out.println(new ObjectMapper().writeValueAsString(r));
        // beside the JSON, for a reader of the run: how long the endpoints waited, before and after the kill
        System.err.println("bench: tap latency (all tries) before the kill " + Latencies.summary(nanos(all, t -> t.startNanos() < killAt))
                + " ms, from the kill on " + Latencies.summary(nanos(all, t -> t.startNanos() >= killAt)) + " ms");
        return failed == 0 && lost == 0 && recoveryMs >= 0 && recoveryMs <= RECOVERY_GOAL_MS ? 0 : 1;
    }

    /**
     * One endpoint: taps at random intervals (mean endpoints / rate), the k-th with badge e + k,
     * until {@code end}; a tap that fails is tried again under its tap id, for up to
     * {@link #RETRY_FOR_MS}. Taps started from {@code measureFrom} on are recorded.
     */
    private void tapUntil(BrokerClient client, int e, long measureFrom, long end, long killAt, List<Tap> taps, AtomicLong firstServed) {
        double meanGapMs = 1000.0 * endpoints / tapsPerSecond;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int k = 0; ; k++) {
            sleepUntil(System.nanoTime() + (long) (random.nextDouble(0.5, 1.5) * meanGapMs * 1_000_000));
            long t0 = System.nanoTime();
            if (t0 >= end) return;
            TapRequest tap = new TapRequest(endpoint(e), badge((e + k) % endpoints), endpoint(e) + "-" + k);
            boolean answered = false;
            while (!answered && System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(RETRY_FOR_MS)) {
                long sent = System.nanoTime();
                try {
                    client.tap(tap);
                    answered = true;
                    if (sent >= killAt) firstServed.accumulateAndGet(System.nanoTime(), Math::min);
                } catch (BrokerRejectedException x) {
                    break;   // refused, not failed over: trying again changes nothing
                } catch (BrokerException x) {
                    sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
                }
            }
            if (t0 >= measureFrom) taps.add(new Tap(tap.tapId(), answered, t0, System.nanoTime() - t0));
        }
    }

    private static long[] nanos(List<Tap> taps, java.util.function.Predicate<Tap> in) {
        return taps.stream().filter(in).filter(Tap::answered).mapToLong(Tap::nanos).toArray();
    }

    private static Set<String> decidedTaps(String jdbcUrl) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT tap_id FROM taps WHERE decision IS NOT NULL")) {
            while (rs.next()) ids.add(rs.getString(1));
        }
        return ids;
    }

}
