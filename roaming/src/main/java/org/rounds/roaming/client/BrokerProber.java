package org.rounds.roaming.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.rounds.broker.api.BrokerApi;

/**
 * Probes every broker's {@code /health/ready} on one named daemon thread, each round after the
 * interval ±20 % (jitter, so a thousand endpoints do not probe in step), and tells the routes.
 */
final class BrokerProber implements AutoCloseable {
    private final OkHttpClient http;
    private final List<HttpUrl> brokers;
    private final BrokerRoutes routes;
    private final Duration interval;
    private final Duration timeout;
    private final Thread thread;
    private volatile boolean closed;

    private BrokerProber(OkHttpClient http, List<HttpUrl> brokers, BrokerRoutes routes, Duration interval, Duration timeout) {
        this.http = http;
        this.brokers = brokers;
        this.routes = routes;
        this.interval = interval;
        this.timeout = timeout;
        this.thread = new Thread(this::run, "rounds-broker-prober");
        this.thread.setDaemon(true);
    }

    static BrokerProber start(OkHttpClient http, List<HttpUrl> brokers, BrokerRoutes routes, Duration interval, Duration timeout) {
        BrokerProber p = new BrokerProber(http, brokers, routes, interval, timeout);
        p.thread.start();
        return p;
    }

    private void run() {
        while (!closed) {
            long jittered = (long) (interval.toMillis() * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
            try {
                Thread.sleep(jittered);
            } catch (InterruptedException e) {
                return;
            }
            for (int i = 0; i < brokers.size() && !closed; i++) {
                if (ready(brokers.get(i))) routes.succeeded(i);
                else routes.failed(i);
            }
        }
    }

    boolean ready(HttpUrl broker) {
        Call call = http.newCall(new Request.Builder().url(BrokerClient.resolve(broker, BrokerApi.HEALTH_READY)).get().build());
        call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try (Response r = call.execute()) {
            return r.code() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
