package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one run of a load process saw ({@link BrokerLoadWorker}): each answered tap's latency
 * (from its scheduled time), the other practices' apart from practice A's (practice 0, the one
 * that may tap beyond its limit; and by {@link FloodWindows}), A's taps admitted and refused with 429 after the warm-up, the 503s brokers shed, the
 * session-moved pushes heard and acknowledged, and errors.
 */
final class LoadRun {
    final AtomicInteger errors = new AtomicInteger();
    final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicInteger shed = new AtomicInteger(), practiceARefused = new AtomicInteger(), practiceAAdmitted = new AtomicInteger();
    /** Session-moved events heard on the push channels, and acknowledged. */
    final AtomicInteger events = new AtomicInteger(), acks = new AtomicInteger();
    private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>(), others = new ConcurrentLinkedQueue<>();
    /** The other practices' latencies while practice A floods and while it does not ({@link FloodWindows}). */
    private final ConcurrentLinkedQueue<Long> othersFloodOn = new ConcurrentLinkedQueue<>(), othersFloodOff = new ConcurrentLinkedQueue<>();
    /** From a tap leaving the load's queue for a broker (its lane) to that broker's 503, for each tap a broker shed. */
    private final ConcurrentLinkedQueue<Long> shedLatencies = new ConcurrentLinkedQueue<>();

    /**
     * A tap's answer; {@code nanos} its latency, or -1 during the warm-up. A 429 is practice A's
     * limit at work when the tap is A's, and an error for any other practice (each taps within its
     * limits); a flood tap's latency is not the practices' figure.
     */
    void answered(HttpResponse<String> r, long nanos, boolean practiceA, boolean flood, FloodWindows.Window window) {
        if (r.statusCode() == 429 && practiceA) {
            if (nanos >= 0) practiceARefused.incrementAndGet();
            return;
        }
        if (r.statusCode() >= 300) {
            failed(new IllegalStateException("HTTP " + r.statusCode() + " from " + r.uri().getPath() + ": " + r.body()));
            return;
        }
        if (nanos < 0) return;
        if (practiceA) practiceAAdmitted.incrementAndGet();
        if (flood) return;
        latencies.add(nanos);
        if (practiceA) return;
        others.add(nanos);
        if (window == FloodWindows.Window.ON) othersFloodOn.add(nanos);
        else if (window == FloodWindows.Window.OFF) othersFloodOff.add(nanos);
    }

    void shed(long nanos) {
        shed.incrementAndGet();
        shedLatencies.add(nanos);
    }

    void failed(Throwable e) {
        errors.incrementAndGet();
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        firstError.compareAndSet(null, root.getClass().getSimpleName() + ": " + root.getMessage());
    }

    ObjectNode asJson(ObjectMapper json) {
        ObjectNode r = json.createObjectNode();
        r.put("errors", errors.get());
        if (firstError.get() != null) r.put("firstError", firstError.get());
        r.put("shed", shed.get());
        r.put("events", events.get());
        r.put("acks", acks.get());
        r.put("practiceARefused", practiceARefused.get());
        r.put("practiceAAdmitted", practiceAAdmitted.get());
        micros(r.putArray("latencyMicros"), latencies);
        micros(r.putArray("othersLatencyMicros"), others);
        micros(r.putArray("othersFloodOnMicros"), othersFloodOn);
        micros(r.putArray("othersFloodOffMicros"), othersFloodOff);
        micros(r.putArray("shedLatencyMicros"), shedLatencies);
        return r;
    }

    private static void micros(ArrayNode to, Iterable<Long> nanos) {
        for (long n : nanos) to.add(n / 1000);
    }
}
