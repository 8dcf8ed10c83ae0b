package org.rounds.cli.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.rounds.broker.StoreAdmin;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.PushEvent;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.client.PushListener;

/**
 * The simulated carts the failover benches tap with: cart i is endpoint {@link #endpoint}(i),
 * registered through the real {@link BrokerClient} (cart i prefers broker i mod n, so the
 * brokers share the carts), its push channel open and acknowledging every session-moved at once,
 * as an endpoint that blanks at once does. User i is {@link #user}(i) with badge {@link #badge}(i).
 */
final class BenchCarts implements AutoCloseable {
    private final OkHttpClient http = new OkHttpClient.Builder().build();
    private final List<BrokerClient> clients = new ArrayList<>();
    private final List<PushChannel> channels = new ArrayList<>();

    /** The options every failover bench takes, each refused in one line outside its range. */
    static void checkLoad(int endpoints, double tapsPerSecond) {
        if (endpoints < 1 || endpoints > 2000) throw new IllegalArgumentException("--endpoints " + endpoints + " is outside 1..2000");
        if (!(tapsPerSecond > 0 && tapsPerSecond <= 1000)) throw new IllegalArgumentException("--taps-per-s must be in (0, 1000]");
    }

    /** Enrols users 0..n-1 on the store (the store's first opening migrates it). */
    static void enrollUsers(StoreAdmin admin, int n) {
        for (int i = 0; i < n; i++) admin.enroll(user(i), "Bench User " + i, badge(i));
    }

    /** Registers carts 0..n-1 with the brokers at {@code urls}; close the carts even when this throws. */
    void register(List<String> urls, int n) throws BrokerException {
        // A WebSocket holds its OkHttp dispatcher slot for as long as it is open (its reader loops in
        // the upgrade's callback), and the default 64 slots left a third of 100 carts with no push
        // channel at all: their takeovers were never acknowledged, which no real endpoint does.
        http.dispatcher().setMaxRequests(n + 64);
        for (int i = 0; i < n; i++) {
            List<String> order = new ArrayList<>(urls);
            Collections.rotate(order, -(i % urls.size()));
            BrokerClient c = BrokerClient.builder().brokers(order).okHttpClient(http).build();
            clients.add(c);
            c.register(new EndpointRegistration(endpoint(i), "cart", "Bench ward"));
            channels.add(c.openPush(endpoint(i), (PushEvent event, PushChannel channel) -> channel.ack(new PushAck(event.eventId()))));
        }
    }

    /**
     * Waits until every cart's push channel is open, as at a site whose endpoints have started:
     * a takeover's push then reaches the cart it moves from. Throws naming how many are not.
     */
    void awaitPushChannels(java.time.Duration within) throws java.util.concurrent.TimeoutException {
        long end = System.nanoTime() + within.toNanos();
        long closed;
        while ((closed = channels.stream().filter(c -> !c.isConnected()).count()) > 0) {
            if (System.nanoTime() > end) {
                throw new java.util.concurrent.TimeoutException(closed + " of " + channels.size()
                        + " carts' push channels were not open within " + within.toSeconds() + " s");
            }
            sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    BrokerClient client(int i) {
        return clients.get(i);
    }

    static String user(int i) { return "bench-user-" + i; }

    static String badge(int i) { return "BENCH" + (1_000_000 + i); }

    static String endpoint(int i) { return "bench-cart-" + i; }

    /** Sleeps until {@code nanoTime} ({@link System#nanoTime}): the pace of the load, not a wait for a condition. */
    static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        channels.forEach(PushChannel::close);
        clients.forEach(BrokerClient::close);
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
