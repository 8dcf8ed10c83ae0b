package org.rounds.gateway;

import io.javalin.http.Context;

/**
 * A request the gateway answers without (or after) a broker: a status and a one-line
 * {@code {"error": "..."}} (broker-api's ApiError), or a broker's final answer passed back as it is.
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
        byte[] body = ("{\"error\":" + quoted(getMessage()) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        write(ctx, status, "application/json", retryAfter > 0 ? Long.toString(retryAfter) : null, body);
    }

    /** Writes a broker's answer as it came: status, type, Retry-After and body. */
    static void pass(Context ctx, Brokers.Answer a) {
        ctx.attribute(Gateway.PASSED, Boolean.TRUE);
        write(ctx, a.status(), a.contentType(), a.retryAfter(), a.body());
    }

    /**
     * Straight to the servlet response: Javalin writes a handler's result only for plain requests,
     * and a refused WebSocket upgrade would otherwise go out with an empty body.
     */
    private static void write(Context ctx, int status, String contentType, String retryAfter, byte[] body) {
        ctx.status(status);
        if (retryAfter != null) ctx.header("Retry-After", retryAfter);
        if (contentType != null) ctx.res().setContentType(contentType);
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (java.io.IOException e) {
            // the caller went away: nothing to answer
        }
    }

    private static String quoted(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Override
    public String toString() {
        return "Refused[" + status + " " + getMessage() + "]";
    }
}
