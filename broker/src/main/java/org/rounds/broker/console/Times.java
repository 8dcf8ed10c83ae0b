package org.rounds.broker.console;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times as the console shows and reads them: UTC, to the second, "2026-12-07 04:05:06 UTC". */
final class Times {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {}

    static String show(Timestamp t) {
        return t == null ? "" : SHOWN.format(t.toInstant().truncatedTo(ChronoUnit.SECONDS));
    }

    static String show(Instant t) {
        return t == null ? "" : SHOWN.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A time typed in a search field ({@code datetime-local}, UTC): "2026-12-07T04:05" or with seconds; null when blank. */
    static Instant parse(String field, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field);
        }
    }
}
