package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A flood of refused connections writes 20 lines a minute, then one line saying how many were held back. */
@Tag("unit")
class RefusalLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("test.refusals." + System.nanoTime());
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Instant now = Instant.parse("2026-12-06T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    };

    @Test
    void aThousandRefusalsInAMinuteAreTwentyLinesAndOneCount() {
        lines.start();
        logger.addAppender(lines);
        RefusalLog refusals = new RefusalLog(logger, "server-ward-7", clock);
        for (int i = 0; i < 1000; i++) refusals.warn("RFB server: connection from 10.0.0.{} refused", i % 250);
        assertThat(lines.list).hasSize(RefusalLog.LINES_PER_MINUTE);

        now = now.plusSeconds(61);
        refusals.info("RFB viewer-1001 refused: wrong password");
        List<String> after = lines.list.subList(RefusalLog.LINES_PER_MINUTE, lines.list.size()).stream()
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(after).containsExactly(
                "RFB server-ward-7: 980 more refused connections were not logged in the minute before",
                "RFB viewer-1001 refused: wrong password");
    }
}
