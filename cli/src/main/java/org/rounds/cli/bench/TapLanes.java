package org.rounds.cli.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Requests to one broker with at most {@code lanes} in flight, the rest queued in order: the
 * JDK client opens a connection for every request that finds none idle, so without a cap a
 * stalled broker made the load process open thousands (about 2,400 for 200 endpoints) and spend
 * a core on connection set-up and teardown. With the cap, the load holds at most {@code lanes}
 * kept-alive connections per broker, as a site's endpoints would share a few through a proxy.
 * A queued request's wait counts in its tap's latency, which is measured from its scheduled
 * time, so a broker that cannot keep up still shows as latency.
 */
final class TapLanes {
    private final HttpClient http;
    private final int lanes;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inFlight;

    TapLanes(HttpClient http, int lanes) {
        if (lanes < 1) throw new IllegalArgumentException("lanes " + lanes + " is below 1");
        this.http = http;
        this.lanes = lanes;
    }

    /**
     * An answer, and when its request left the queue for the broker ({@link System#nanoTime}):
     * from then on, the time is the broker's (a 503 "within 50 ms" is timed from there).
     */
    record Answer(HttpResponse<String> response, long sentNanos) {}

    /** Sends {@code request} now when a lane is free, else once one is; the answer's body as a string. */
    CompletableFuture<Answer> send(HttpRequest request) {
        return send(http, request);
    }

    /** As {@link #send(HttpRequest)}, through {@code via} (an endpoint's own client, presenting its certificate). */
    CompletableFuture<Answer> send(HttpClient via, HttpRequest request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Runnable start = () -> {
            long sent = System.nanoTime();
            via.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                next();
                if (e != null) answer.completeExceptionally(e);
                else answer.complete(new Answer(r, sent));
            });
        };
        boolean now;
        synchronized (this) {
            now = inFlight < lanes;
            if (now) inFlight++;
            else waiting.add(start);
        }
        if (now) start.run();
        return answer;
    }

    /** Requests sent and not yet answered, at most {@code lanes}. */
    synchronized int inFlight() {
        return inFlight;
    }

    /** A lane is free: the oldest waiting request takes it. */
    private void next() {
        Runnable start;
        synchronized (this) {
            start = waiting.poll();
            if (start == null) inFlight--;
        }
        if (start != null) start.run();
    }
}
