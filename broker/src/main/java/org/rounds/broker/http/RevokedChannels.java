package org.rounds.broker.http;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.store.Enrolments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the push channels of endpoints that are no longer enrolled (revoked on any broker of the
 * database), checked every half second: a revoked endpoint's open channel must not keep receiving
 * session events just because it connected before the revocation.
 */
final class RevokedChannels implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RevokedChannels.class);
    static final long PERIOD_MS = 500;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rounds-revoked-channels");
        t.setDaemon(true);
        return t;
    });

    RevokedChannels(Enrolments enrolments, PushHub push) {
        timer.scheduleWithFixedDelay(() -> {
            Set<PushHub.Channel> open = push.endpoints();
            if (open.isEmpty()) return;
            try {
                for (Enrolments.PracticeEndpoint e : enrolments.notEnrolled()) {
                    PushHub.Channel channel = new PushHub.Channel(e.tenant(), e.endpointId());
                    if (!open.contains(channel)) continue;
                    log.info("push channel of {} closed: the endpoint is no longer enrolled", channel);
                    push.close(channel, 4003, "endpoint revoked");
                }
            } catch (SQLException e) {
                log.warn("could not check push channels against revocations: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.warn("revoked-channel check failed", e);
            }
        }, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
