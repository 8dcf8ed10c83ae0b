package org.rounds.client.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.rounds.broker.api.OneLine;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The badge readers this endpoint has, by name ({@code "pcsc:ACS ACR122U 00 00"},
 * {@code "sim:cart-1"}, {@code "wedge:keyboard"}: the driver before the colon is the kind), for
 * the IT console's endpoints page. A reader joins when it is plugged in or first reads a badge,
 * and leaves when it is unplugged; each change is reported on a thread of its own (a reader's
 * thread never waits for a broker), and a report no broker took is sent again later (after a
 * second, then twice as long each time up to the retry delay) unless a newer one replaced it.
 * Only names are read from the events: never a badge number.
 */
final class ReadersSeen implements BadgeReader.ReaderListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadersSeen.class);
    /** What a broker keeps of a registration: 8 names of at most 100 printable characters, no ';'. */
    static final int MAX_READERS = 8;
    static final int MAX_NAME = 100;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    /** Sends the names to the brokers; false when none took them (then they are sent again later). */
    @FunctionalInterface
    interface Report {
        boolean send(List<String> readers);
    }

    private final BadgeReader.ReaderListener downstream;
    private final Report report;
    private final Duration retry;
    private final TreeSet<String> names = new TreeSet<>();
    /** The latest set not yet reported: a burst of changes is one report of the last set. */
    private final AtomicReference<List<String>> pending = new AtomicReference<>();
    private final ScheduledExecutorService reporter;
    /**
     * The wait before the next try of a report no broker took: a second first (a broker busy for
     * a moment, or a registration timed out behind others), doubling up to {@code retry} (brokers
     * down). Only the reporter's thread reads and writes it.
     */
    private Duration backoff;

    /**
     * Passes every event on to {@code downstream} and calls {@code report} (which may block) with
     * the sorted names after each change of the set, and again after a report that failed: a
     * second later, then twice as long each time, at most {@code retry}.
     */
    ReadersSeen(String endpointId, BadgeReader.ReaderListener downstream, Report report, Duration retry) {
        this.downstream = Objects.requireNonNull(downstream, "downstream");
        this.report = Objects.requireNonNull(report, "report");
        this.retry = Objects.requireNonNull(retry, "retry");
        this.backoff = firstBackoff();
        this.reporter = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rounds-readers-report-" + endpointId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void onEvent(ReaderEvent event) {
        List<String> changed = null;
        synchronized (names) {
            boolean change = false;
            if (event instanceof ReaderEvent.ReaderAttached a) change = add(a.reader());
            else if (event instanceof ReaderEvent.BadgePresented p) change = add(p.reader());
            else if (event instanceof ReaderEvent.ReaderDetached d) change = names.remove(shown(d.reader()));
            if (change) changed = List.copyOf(names);
        }
        if (changed != null && pending.getAndSet(changed) == null) sendAfter(Duration.ZERO);   // else the report on its way takes it
        downstream.onEvent(event);
    }

    private void sendAfter(Duration delay) {
        try {
            reporter.schedule(this::sendPending, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // the endpoint is closing: nothing more to tell
        }
    }

    private void sendPending() {
        List<String> latest = pending.getAndSet(null);
        if (latest == null) return;
        boolean sent;
        try {
            sent = report.send(latest);
        } catch (RuntimeException e) {
            log.warn("reporting the badge readers {} to the brokers failed: {}", latest, OneLine.of(e));
            sent = false;
        }
        if (sent) {
            backoff = firstBackoff();
            return;
        }
        // Sent again later, unless a newer set came in meanwhile (its own report is on its way).
        if (pending.compareAndSet(null, latest)) sendAfter(backoff);
        backoff = atMostRetry(backoff.multipliedBy(2));
    }

    private Duration firstBackoff() {
        return atMostRetry(FIRST_RETRY);
    }

    private Duration atMostRetry(Duration wait) {
        return wait.compareTo(retry) > 0 ? retry : wait;
    }

    /** The names now, sorted. */
    List<String> names() {
        synchronized (names) {
            return new ArrayList<>(names);
        }
    }

    private boolean add(String reader) {
        return names.size() < MAX_READERS && names.add(shown(reader));
    }

    /** A name as a broker accepts it: printable, without ';', at most 100 characters. */
    static String shown(String reader) {
        String s = reader == null || reader.isBlank() ? "unnamed reader" : reader.replaceAll("[^\\p{Print}]|;", "?").strip();
        return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
    }

    @Override
    public void close() {
        reporter.shutdownNow();
        try {
            reporter.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
