package org.rounds.display.server;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The log lines a refused connection writes (a cap reached, a blocked source, a handshake cut at
 * its deadline, a wrong password), at most {@link #LINES_PER_MINUTE} a minute per server or
 * gateway. A flood of connections would otherwise be a flood of lines that fills the disk and
 * buries the one that matters; what is held back is counted, and said in one line with the first
 * refusal of the next minute.
 */
final class RefusalLog {
    static final int LINES_PER_MINUTE = 20;
    private static final long MINUTE_MS = 60_000;

    private final Logger log;
    private final String server;
    private final Clock clock;
    private long windowStart;
    private int lines;
    private int heldBack;

    RefusalLog(Logger log, String server, Clock clock) {
        this.log = log;
        this.server = server;
        this.clock = clock;
        windowStart = clock.millis() - MINUTE_MS;
    }

    void info(String format, Object... args) { write(Level.INFO, format, args); }

    void warn(String format, Object... args) { write(Level.WARN, format, args); }

    private void write(Level level, String format, Object... args) {
        int missed = 0;
        boolean say;
        synchronized (this) {
            long now = clock.millis();
            if (now - windowStart >= MINUTE_MS) {
                missed = heldBack;
                windowStart = now;
                lines = 0;
                heldBack = 0;
            }
            say = lines < LINES_PER_MINUTE;
            if (say) lines++;
            else heldBack++;
        }
        if (missed > 0) log.warn("RFB {}: {} more refused connections were not logged in the minute before", server, missed);
        if (say) log.atLevel(level).log(format, args);
    }
}
