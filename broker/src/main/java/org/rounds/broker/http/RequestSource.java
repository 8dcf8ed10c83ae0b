package org.rounds.broker.http;

import io.javalin.http.Context;
import org.rounds.broker.store.Enrolments;

/**
 * Who is asking, for limits and lockouts: on an HTTPS broker the enrolled endpoint its client
 * certificate names ({@code cert:cart-1}), as {@link EndpointIdentity} verified it (issued by
 * the broker CA, not revoked); else the peer's address ({@code addr:10.1.2.3}). Never a header:
 * X-Forwarded-For is whatever the caller writes.
 *
 * @param key the source as limits, lockouts and audit rows name it
 */
public record RequestSource(String key) {
    private static final int MAX_KEY = 128;

    public RequestSource {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) throw new IllegalArgumentException("a source is 1.." + MAX_KEY + " characters");
    }

    static RequestSource of(Context ctx) {
        return of(ctx.attribute(EndpointIdentity.ATTRIBUTE), ctx.req().getRemoteAddr());
    }

    /** The enrolled endpoint when {@code enrolled} is one, else the address. */
    static RequestSource of(Object enrolled, String remoteAddress) {
        if (enrolled instanceof Enrolments.Enrolled e) return new RequestSource(clip("cert:" + e.endpointId()));
        return new RequestSource(clip("addr:" + (remoteAddress == null ? "unknown" : remoteAddress)));
    }

    private static String clip(String key) {
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }

    @Override
    public String toString() {
        return key;
    }
}
