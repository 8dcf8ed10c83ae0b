package org.rounds.gateway;

import io.javalin.http.Context;
import org.rounds.broker.api.ApiError;

/**
 * A request the gateway answers without (or after) a broker: a status and a one-line
 * {@link ApiError}, or a broker's final answer passed back as it is.
 */
final class Refused extends RuntimeException {
    private final int status;
    private final long retryAfter;
    private final Brokers.Answer answer;

    Refused(int status, String message) {
        this(status, message, 0);
    }

    /** {@code retryAfter}: seconds for a Retry-After header, 0 for none. */
    Refused(int status, String message, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
        this.answer = null;
    }

    /** A broker's final refusal, passed back unchanged. */
    Refused(Brokers.Answer answer) {
        super("broker answered " + answer.status(), null, false, false);
        this.status = answer.status();
        this.retryAfter = 0;
        this.answer = answer;
    }

    void answer(Context ctx) {
        if (answer != null) {
            pass(ctx, answer);
            return;
        }
        ctx.status(status);
        if (retryAfter > 0) ctx.header("Retry-After", Long.toString(retryAfter));
        ctx.json(new ApiError(getMessage()));
    }

    /** Writes a broker's answer as it came: status, type, Retry-After and body. */
    static void pass(Context ctx, Brokers.Answer a) {
        ctx.attribute(Gateway.PASSED, Boolean.TRUE);
        ctx.status(a.status());
        if (a.retryAfter() != null) ctx.header("Retry-After", a.retryAfter());
        if (a.contentType() != null) ctx.contentType(a.contentType());
        ctx.result(a.body());
    }

    @Override
    public String toString() {
        return "Refused[" + status + " " + getMessage() + "]";
    }
}
