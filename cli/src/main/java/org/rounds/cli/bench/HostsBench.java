package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.hosts.HostPlacement;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;

/**
 * {@code rounds bench hosts}: desktop hosts as their own tier, on one machine's loopback (no root,
 * no namespaces; see {@link HostsBenchWorld}). Carts tap their users in, then:
 * <ol>
 *   <li>the broker that served every tap is killed with SIGKILL: no cart may lose its picture
 *   while the other broker takes over, and each user's next taps (out and in, through the other
 *   broker) return to the same host;</li>
 *   <li>{@code runs} times, the host holding most desktops is killed with SIGKILL: its users'
 *   carts show why, and each user's next tap paints a new desktop on the other host (timed from
 *   that tap and from the kill); the host is started again for the next run;</li>
 *   <li>the carts tap out and in at {@code tapsPerSecond} while the busiest host is drained: no
 *   tap may fail, and users new to the hosts are placed on the other host only.</li>
 * </ol>
 * Prints one JSON object with the figures and the goals; exit status 0 when every goal is met.
 */
public final class HostsBench {
    /** How long the carts are watched after the broker kill: longer than a host takes to see its broker gone and join the other. */
    static final Duration BROKER_KILL_WATCH = Duration.ofMillis(2L * HostMessage.DOWN_AFTER_MILLIS);
    static final Duration TAP_LIMIT = Duration.ofSeconds(15);
    static final int WARMUP_TRIES = 5;
    static final Duration LOCK_LIMIT = Duration.ofSeconds(20);
    static final long NEW_DESKTOP_GOAL_MS = 5000;
    static final Duration ANSWER_LIMIT = Duration.ofSeconds(4);

    private final int endpoints, runs, drainSeconds;
    private final double tapsPerSecond;
    private final String dbUrl;
    private final PrintStream out;
    private final List<BenchEndpoint.Tap> taps = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Map<String, Object> warmup = new LinkedHashMap<>();

    /** {@code dbUrl} null: a throw-away PostgreSQL cluster is started (and removed) for the run. */
    public HostsBench(int endpoints, int runs, double tapsPerSecond, int drainSeconds, String dbUrl, PrintStream out) {
        if (endpoints < 1 || endpoints > 20) throw new IllegalArgumentException("--endpoints " + endpoints + " is outside 1..20");
        if (runs < 1 || runs > 20) throw new IllegalArgumentException("--runs " + runs + " is outside 1..20");
        if (!(tapsPerSecond > 0 && tapsPerSecond <= 4.0 * endpoints))
            throw new IllegalArgumentException("--taps-per-s must be in (0, 4 per endpoint]: a cart may tap 5 times a second");
        if (drainSeconds < 2 || drainSeconds > 120) throw new IllegalArgumentException("--drain-seconds " + drainSeconds + " is outside 2..120");
        this.endpoints = endpoints;
        this.runs = runs;
        this.tapsPerSecond = tapsPerSecond;
        this.drainSeconds = drainSeconds;
        this.dbUrl = dbUrl;
        this.out = out;
    }

    public int run() throws Exception {
        return BenchDatabase.with(dbUrl, "rounds_hosts", this::run);
    }

    private int run(String url) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(endpoints);
        try (HostsBenchWorld world = HostsBenchWorld.start(url, endpoints, 2 * endpoints)) {
            List<BenchEndpoint> carts = world.endpoints();
            warmUp(carts, threads);
            inSession(carts, threads);
            Map<String, Object> brokerKill = brokerKill(world, carts, threads);
            Map<String, Object> hostKills = hostKills(world, carts, threads);
            Map<String, Object> drain = drain(world, carts, threads);
            return report(brokerKill, hostKills, drain);
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Untimed and uncounted: each cart taps its user in (again, up to {@link #WARMUP_TRIES} times,
     * while it fails), out and in again, as a site that has run for a while would be: the first
     * desktops of cold JVMs (JIT, TLS, the desktops' first rendering) take longer than a cart's
     * 2 s broker deadline when ten come at once. Reported apart, as warm-up taps.
     */
    private void warmUp(List<BenchEndpoint> carts, ExecutorService threads) throws Exception {
        List<List<BenchEndpoint.Tap>> all = each(carts, threads, (i, e) -> {
            List<BenchEndpoint.Tap> mine = new ArrayList<>();
            for (int k = 0; k < WARMUP_TRIES && e.state() != RoamingState.IN_SESSION; k++)
                mine.add(e.tap(HostsBenchWorld.badge(i), RoamingState.IN_SESSION, TAP_LIMIT));
            if (e.state() == RoamingState.IN_SESSION) mine.add(e.tap(HostsBenchWorld.badge(i), RoamingState.LOCKED, TAP_LIMIT));
            if (e.state() == RoamingState.LOCKED) mine.add(e.tap(HostsBenchWorld.badge(i), RoamingState.IN_SESSION, TAP_LIMIT));
            return mine;
        });
        List<BenchEndpoint.Tap> flat = all.stream().flatMap(List::stream).toList();
        warmup.put("taps", flat.size());
        warmup.put("failedTaps", flat.stream().filter(BenchEndpoint.Tap::failed).count());
        warmup.put("cartsInSession", carts.stream().filter(e -> e.state() == RoamingState.IN_SESSION).count());
    }

    /** Taps in every cart not showing its user (cart i: user i), all at once. */
    private void inSession(List<BenchEndpoint> carts, ExecutorService threads) throws Exception {
        each(carts, threads, (i, e) -> {
            if (e.state() != RoamingState.IN_SESSION) record(e.tap(HostsBenchWorld.badge(i), RoamingState.IN_SESSION, TAP_LIMIT));
            return null;
        });
    }

    private Map<String, Object> brokerKill(HostsBenchWorld world, List<BenchEndpoint> carts, ExecutorService threads) throws Exception {
        Map<String, String> before = world.placements();
        // a click changes each desktop before the kill: the check below sees the desktop, not the method
        List<Boolean> answeredBefore = each(carts, threads, (i, e) -> e.desktopAnswers(ANSWER_LIMIT));
        boolean[] shown = new boolean[carts.size()];
        for (int i = 0; i < carts.size(); i++) shown[i] = carts.get(i).state() == RoamingState.IN_SESSION;
        long killAt = System.nanoTime();
        world.killBroker(0);
        Thread.sleep(BROKER_KILL_WATCH.toMillis());   // the watch itself: what a nurse would see in these seconds
        // shown is not enough: a frozen picture is lost too, so each desktop must still answer a click
        List<Boolean> answers = each(carts, threads, (i, e) -> e.desktopAnswers(ANSWER_LIMIT));
        boolean[] lostPicture = new boolean[carts.size()], frozen = new boolean[carts.size()], moved = new boolean[carts.size()];
        for (int i = 0; i < carts.size(); i++) {
            lostPicture[i] = carts.get(i).lostPictureSince(killAt).isPresent();
            frozen[i] = answeredBefore.get(i) && !answers.get(i);
        }
        // the next tap out and in goes through the other broker, to the same desktop
        List<BenchEndpoint.Tap> again = each(carts, threads, (i, e) -> {
            BenchEndpoint.Tap out = record(e.tap(HostsBenchWorld.badge(i), RoamingState.LOCKED, TAP_LIMIT));
            return out.failed() ? out : record(e.tap(HostsBenchWorld.badge(i), RoamingState.IN_SESSION, TAP_LIMIT));
        });
        Map<String, String> after = world.placements();
        int lost = 0;
        for (int i = 0; i < carts.size(); i++) {
            String u = HostsBenchWorld.user(i);
            moved[i] = before.get(u) == null || !before.get(u).equals(after.get(u));
            if (shown[i] && (lostPicture[i] || frozen[i] || moved[i])) lost++;
        }
        world.startBroker(0, world.brokerPort(0));   // on its port again: the carts and hosts know it there
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("watchedMs", BROKER_KILL_WATCH.toMillis());
        r.put("desktopsShownAtKill", count(shown));
        r.put("answeredAClickBefore", answeredBefore.stream().filter(x -> x).count());
        r.put("lostPicture", count(lostPicture));
        r.put("stoppedAnsweringAClick", count(frozen));
        r.put("movedToAnotherHost", count(moved));
        r.put("failedTapsAfterKill", again.stream().filter(BenchEndpoint.Tap::failed).count());
        r.put("lost", lost);
        return r;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) if (x) n++;
        return n;
    }

    private Map<String, Object> hostKills(HostsBenchWorld world, List<BenchEndpoint> carts, ExecutorService threads) throws Exception {
        List<Long> fromTap = Collections.synchronizedList(new ArrayList<>());
        List<Long> fromKill = Collections.synchronizedList(new ArrayList<>());
        int users = 0, reasonShown = 0, othersLost = 0, notPlaced = 0;
        for (int run = 0; run < runs; run++) {
            inSession(carts, threads);
            Map<String, String> placed = world.placements();
            int victim = busiest(placed, carts.size());
            String victimName = HostsBenchWorld.hostName(victim);
            long killAt = System.nanoTime();
            world.killHost(victim);
            List<Optional<Reason>> reasons = each(carts, threads, (i, e) -> {
                if (!victimName.equals(placed.get(HostsBenchWorld.user(i)))) return null;
                Optional<Reason> why = e.awaitLock(killAt, LOCK_LIMIT);
                BenchEndpoint.Tap t = record(e.tap(HostsBenchWorld.badge(i), RoamingState.IN_SESSION, TAP_LIMIT));
                if (!t.failed()) {
                    fromTap.add(t.nanos());
                    fromKill.add(t.doneNanos() - killAt);
                }
                return why;
            });
            for (int i = 0; i < carts.size(); i++) {
                if (victimName.equals(placed.get(HostsBenchWorld.user(i)))) {
                    users++;
                    if (reasons.get(i) != null && reasons.get(i).map(r -> r.toString().contains(HostPlacement.HOST_LOST)).orElse(false)) reasonShown++;
                } else if (carts.get(i).lostPictureSince(killAt).isPresent()) {
                    othersLost++;
                }
            }
            Map<String, String> now = world.placements();
            for (int i = 0; i < carts.size(); i++) {
                String u = HostsBenchWorld.user(i);
                if (victimName.equals(placed.get(u)) && (now.get(u) == null || now.get(u).equals(victimName))) notPlaced++;
            }
            world.startHost(victim, null);   // enrolled already: no code the second time
            world.awaitHostUp(victim);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runs", runs);
        r.put("usersOnKilledHosts", users);
        r.put("newDesktops", fromTap.size());
        r.put("reasonShown", reasonShown);
        r.put("notPlacedElsewhere", notPlaced);
        r.put("otherCartsLostPicture", othersLost);
        r.put("fromNextTapMs", Latencies.summary(fromTap.stream().mapToLong(Long::longValue).toArray()));
        r.put("fromKillMs", Latencies.summary(fromKill.stream().mapToLong(Long::longValue).toArray()));
        return r;
    }

    private Map<String, Object> drain(HostsBenchWorld world, List<BenchEndpoint> carts, ExecutorService threads) throws Exception {
        inSession(carts, threads);
        int drained = busiest(world.placements(), carts.size());
        long start = System.nanoTime(), end = start + TimeUnit.SECONDS.toNanos(drainSeconds);
        long gapNanos = (long) (1e9 * carts.size() / tapsPerSecond);
        AtomicLong drainAt = new AtomicLong(Long.MAX_VALUE);
        List<Future<List<BenchEndpoint.Tap>>> tapping = submitEach(carts, threads, (i, e) -> {
            // out, then in: the cart's own user, or once the drain is on, every other time a user new to the hosts
            List<BenchEndpoint.Tap> mine = new ArrayList<>();
            int k = 0;
            for (long next = start + (long) (gapNanos * (i / (double) carts.size())); next < end; next += gapNanos) {
                sleepUntil(next);
                boolean out = e.state() == RoamingState.IN_SESSION;
                boolean fresh = !out && drainAt.get() != Long.MAX_VALUE && (k++ % 2 == 0);
                int user = out ? e.user().map(HostsBench::index).orElse(i) : fresh ? i + carts.size() : i;
                mine.add(record(e.tap(HostsBenchWorld.badge(user), out ? RoamingState.LOCKED : RoamingState.IN_SESSION, TAP_LIMIT)));
            }
            return mine;
        });
        sleepUntil(start + (end - start) / 4);
        long drainedAt = System.nanoTime();
        boolean done = world.drain(drained, true);
        drainAt.set(drainedAt);
        List<BenchEndpoint.Tap> during = new ArrayList<>();
        try {
            for (List<BenchEndpoint.Tap> l : collect(tapping)) l.stream().filter(t -> t.startNanos() >= drainedAt).forEach(during::add);
        } finally {
            world.drain(drained, false);
        }
        Map<String, String> placed = world.placements();
        String name = HostsBenchWorld.hostName(drained);
        long newOnDrained = 0, newElsewhere = 0;
        for (int i = carts.size(); i < 2 * carts.size(); i++) {
            String h = placed.get(HostsBenchWorld.user(i));
            if (h == null) continue;
            if (h.equals(name)) newOnDrained++;
            else newElsewhere++;
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("host", name);
        r.put("drained", done);
        r.put("seconds", drainSeconds);
        r.put("tapsPerSecond", tapsPerSecond);
        r.put("tapsDuringDrain", during.size());
        r.put("failedTapsDuringDrain", during.stream().filter(BenchEndpoint.Tap::failed).count());
        r.put("newDesktopsOnDrainedHost", newOnDrained);
        r.put("newDesktopsElsewhere", newElsewhere);
        return r;
    }

    private int report(Map<String, Object> brokerKill, Map<String, Object> hostKills, Map<String, Object> drain) throws Exception {
        List<BenchEndpoint.Tap> all = List.copyOf(taps);
        List<BenchEndpoint.Tap> failed = all.stream().filter(BenchEndpoint.Tap::failed).toList();
        report.put("bench", "hosts");
        report.put("brokers", 2);
        report.put("hosts", 2);
        report.put("endpoints", endpoints);
        report.put("warmup", warmup);
        report.put("taps", all.size());
        report.put("failedTaps", failed.size());
        if (!failed.isEmpty()) report.put("firstFailure", failed.get(0).error());
        report.put("tapToPaintMs", Latencies.summary(all.stream().filter(t -> !t.failed() && t.wanted() == RoamingState.IN_SESSION)
                .mapToLong(BenchEndpoint.Tap::nanos).toArray()));
        report.put("desktopsLostOnBrokerKill", brokerKill.get("lost"));
        report.put("hostKillToNewDesktopMs", hostKills.get("fromNextTapMs"));
        report.put("hostKillToNewDesktopFromKillMs", hostKills.get("fromKillMs"));
        report.put("failedTapsDuringDrain", drain.get("failedTapsDuringDrain"));
        report.put("brokerKill", brokerKill);
        report.put("hostKill", hostKills);
        report.put("drain", drain);
        @SuppressWarnings("unchecked")
        Double p99 = ((Map<String, Double>) hostKills.get("fromNextTapMs")).get("p99");
        boolean everyUserBack = hostKills.get("newDesktops").equals(hostKills.get("usersOnKilledHosts"));
        List<Map<String, Object>> goals = List.of(
                goal("a broker kill loses 0 desktops", ((Number) brokerKill.get("lost")).intValue() == 0
                        && ((Number) brokerKill.get("desktopsShownAtKill")).intValue() == endpoints),
                goal("after a host kill, the new desktop is painted in under " + NEW_DESKTOP_GOAL_MS + " ms from the next tap",
                        everyUserBack && p99 != null && p99 < NEW_DESKTOP_GOAL_MS),
                goal("a drain fails 0 taps", ((Number) drain.get("failedTapsDuringDrain")).longValue() == 0
                        && ((Number) drain.get("tapsDuringDrain")).longValue() > 0));
        report.put("goals", goals);
        boolean met = goals.stream().allMatch(g -> (Boolean) g.get("met"));
        report.put("met", met);
        out.println(new ObjectMapper().writeValueAsString(report));
        return met ? 0 : 1;
    }

    private static Map<String, Object> goal(String goal, boolean met) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("goal", goal);
        g.put("met", met);
        return g;
    }

    /** The host holding most of the carts' users' desktops (0 or 1). */
    private static int busiest(Map<String, String> placed, int carts) {
        int[] n = new int[2];
        for (int i = 0; i < carts; i++) {
            String h = placed.get(HostsBenchWorld.user(i));
            for (int k = 0; k < 2; k++) if (HostsBenchWorld.hostName(k).equals(h)) n[k]++;
        }
        return n[1] > n[0] ? 1 : 0;
    }

    private static int index(String user) {
        return Integer.parseInt(user.substring(user.lastIndexOf('-') + 1));
    }

    private BenchEndpoint.Tap record(BenchEndpoint.Tap t) {
        taps.add(t);
        return t;
    }

    /** What each cart does in one step, given its index. */
    @FunctionalInterface
    private interface Step<T> {
        T on(int index, BenchEndpoint cart) throws Exception;
    }

    /** Runs {@code step} on every cart at once; the results in cart order. */
    private static <T> List<T> each(List<BenchEndpoint> carts, ExecutorService threads, Step<T> step) throws Exception {
        return collect(submitEach(carts, threads, step));
    }

    private static <T> List<Future<T>> submitEach(List<BenchEndpoint> carts, ExecutorService threads, Step<T> step) {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < carts.size(); i++) {
            int k = i;
            futures.add(threads.submit((Callable<T>) () -> step.on(k, carts.get(k))));
        }
        return futures;
    }

    /** The results in order; every step is bounded by its taps' limits, and this by 5 minutes more. */
    private static <T> List<T> collect(List<Future<T>> futures) throws Exception {
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) results.add(f.get(5, TimeUnit.MINUTES));
        return results;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) TimeUnit.NANOSECONDS.sleep(left);
    }
}
