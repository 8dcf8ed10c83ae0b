package org.rounds.broker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.audit.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the {@link Retention} job a minute after the broker starts, then every 6 hours, on a named daemon thread. */
final class RetentionSchedule implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);
    /** Under the data directory: where purged audit rows are exported. */
    static final String EXPORT_DIR = "audit-export";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rounds-retention");
        t.setDaemon(true);
        return t;
    });

    RetentionSchedule(Retention job) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                Retention.Purged p = job.run();
                if (p.taps() + p.challenges() + p.auditRows() + p.tickets() > 0) {
                    log.info("retention: purged {} taps, {} PIN challenges, {} expired tunnel tickets and {} audit rows (exported to {})",
                            p.taps(), p.challenges(), p.tickets(), p.auditRows(), p.export());
                }
            } catch (Exception e) {
                log.warn("retention: the purge failed and runs again in 6 hours: {}", e.getMessage());
            }
        }, 1, 6 * 60, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
