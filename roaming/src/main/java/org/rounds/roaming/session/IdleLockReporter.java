package org.rounds.roaming.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rounds.broker.api.IdleLockReport;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerRejectedException;
import org.rounds.roaming.client.BrokerUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the broker about idle locks, off the endpoint thread: the screen is already clear when a
 * report is handed here, and nothing the broker does (silent, down, refusing) may delay a lock
 * or the next tap. Each call already fails over across every broker ({@link BrokerCalls}); an
 * unavailable answer is tried again after each of {@link #RETRY_DELAYS}, then the report is
 * dropped with one log line: the session then stays the endpoint's on the broker, and the
 * user's next tap there is a tap-out, as before idle locks were reported. A refusal (this
 * endpoint no longer owns that session) is final. Nothing thrown escapes.
 */
final class IdleLockReporter implements Consumer<IdleLockReport>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    /** Waits before the second and later attempts; their count bounds a report's life (3 attempts, about 6 s plus the calls). */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));

    private final String endpointId;
    private final BrokerCalls broker;
    private final List<Duration> retryDelays;
    private final ScheduledExecutorService thread;

    IdleLockReporter(String endpointId, BrokerCalls broker) {
        this(endpointId, broker, RETRY_DELAYS);
    }

    IdleLockReporter(String endpointId, BrokerCalls broker, List<Duration> retryDelays) {
        this.endpointId = endpointId;
        this.broker = broker;
        this.retryDelays = List.copyOf(retryDelays);
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rounds-idle-lock-report-" + endpointId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the report and returns at once (any thread). */
    @Override
    public void accept(IdleLockReport report) {
        schedule(report, 0, Duration.ZERO);
    }

    private void schedule(IdleLockReport report, int attempt, Duration delay) {
        try {
            thread.schedule(() -> send(report, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.info("{}: idle lock of user {} not reported: the endpoint is closing", endpointId, report.userId());
        }
    }

    private void send(IdleLockReport report, int attempt) {
        try {
            broker.idleLock(report);
            log.info("{}: idle lock of user {} reported (generation {})", endpointId, report.userId(), report.generation());
        } catch (BrokerRejectedException e) {
            log.warn("{}: idle lock of user {} refused by the broker, not retried: {}", endpointId, report.userId(), e.getMessage());
        } catch (BrokerUnavailableException e) {
            if (attempt < retryDelays.size()) {
                schedule(report, attempt + 1, retryDelays.get(attempt));
                return;
            }
            log.warn("{}: idle lock of user {} dropped after {} attempts: {}", endpointId, report.userId(), attempt + 1, e.getMessage());
        } catch (Exception e) {
            log.warn("{}: idle lock of user {} dropped: {}", endpointId, report.userId(), e.toString());
        }
    }

    /** Drops reports not yet sent; a call under way is left to finish on its daemon thread. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
