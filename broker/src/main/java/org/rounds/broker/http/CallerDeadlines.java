package org.rounds.broker.http;

import io.javalin.http.Context;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.takeover.CallerDeadline;

/** Reads a request's {@link BrokerApi#DEADLINE_HEADER}: how long its endpoint waits for the answer. */
final class CallerDeadlines {
    private CallerDeadlines() {}

    /**
     * The request's deadline, counted from {@code receivedNanos} (when the broker had it): none
     * without the header; cut to {@link BrokerApi#MAX_DEADLINE_MS}; a value that is no whole
     * number of milliseconds from 1 up is refused with 400 naming the header.
     */
    static CallerDeadline.Scope of(Context ctx, long receivedNanos) {
        String value = ctx.header(BrokerApi.DEADLINE_HEADER);
        if (value == null) return () -> {};
        long ms;
        try {
            ms = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            ms = 0;
        }
        if (ms < 1) {
            String shown = value.length() > 20 ? value.substring(0, 20) + "..." : value;
            throw new BadRequest(BrokerApi.DEADLINE_HEADER + " must be a whole number of milliseconds from 1 up, not '"
                    + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
        return CallerDeadline.until(receivedNanos + Math.min(ms, BrokerApi.MAX_DEADLINE_MS) * 1_000_000);
    }
}
