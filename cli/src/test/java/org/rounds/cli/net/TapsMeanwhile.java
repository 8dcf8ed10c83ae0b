package org.rounds.cli.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;

/**
 * Endpoints tapping at a steady pace while something else happens (a rolling upgrade): each tap a
 * roam of one of the users onto another endpoint, through the brokers the endpoints fail over
 * between. Bounded in count and time; {@link #stop} returns every failed tap, one line each.
 */
final class TapsMeanwhile implements AutoCloseable {
    static final int ENDPOINTS = 10, USERS = 8, MAX_TAPS = 3000;

    private final List<BrokerClient> endpoints = new ArrayList<>();
    private final ExecutorService taps = Executors.newFixedThreadPool(ENDPOINTS);
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread pacer;
    private volatile int sent;

    TapsMeanwhile(Path dir, Path ca, List<String> brokers, StoreAdmin admin, int perSecond, String prefix) throws Exception {
        for (int i = 1; i <= ENDPOINTS; i++) endpoints.add(DrainUnderTaps.enrolled(dir, ca, brokers, admin, prefix + i));
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        pacer = new Thread(() -> {
            long start = System.nanoTime();
            for (int n = 0; running.get() && n < MAX_TAPS; n++) {
                LockSupport.parkNanos(start + n * period - System.nanoTime());   // the pace of the load, not a wait for a condition
                int tap = n, user = 1 + n % USERS, at = (n / USERS + user) % ENDPOINTS;   // never the endpoint of the user's last tap
                taps.submit(() -> tap(endpoints.get(at), prefix + (at + 1), prefix + "tap-" + tap, user));
                sent = n + 1;
            }
        }, "rolling-upgrade-taps");
        pacer.start();
    }

    private void tap(BrokerClient endpoint, String id, String tapId, int user) {
        try {
            TapDecision d = endpoint.tap(new TapRequest(id, DrainUnderTaps.badge(user), tapId));
            if (!(d instanceof TapDecision.Connect)) failures.add(tapId + " user-" + user + " on " + id + ": " + d);
        } catch (Exception e) {
            failures.add(tapId + " user-" + user + " on " + id + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Stops tapping, waits for the taps under way, and returns how many were made and which failed. */
    Result stop() throws InterruptedException {
        running.set(false);
        pacer.join(TimeUnit.SECONDS.toMillis(10));
        taps.shutdown();
        taps.awaitTermination(30, TimeUnit.SECONDS);
        return new Result(sent, List.copyOf(failures));
    }

    record Result(int taps, List<String> failures) {}

    @Override
    public void close() {
        running.set(false);
        taps.shutdownNow();
        endpoints.forEach(BrokerClient::close);
    }
}
