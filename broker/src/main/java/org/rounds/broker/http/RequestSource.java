package org.rounds.broker.http;

import io.javalin.http.Context;
import org.rounds.broker.store.Enrolments;

/**
 * Who is asking, for limits and lockouts: on an HTTPS broker the enrolled endpoint its client
 * certificate names ({@code cert:cart-1}, or {@code cert:PRACTICE:cart-1} in a practice), as {@link EndpointIdentity} verified it (issued by
 * the broker CA, not revoked); else the peer's address ({@code addr:10.1.2.3}). Never a header:
 * X-Forwarded-For is whatever the caller writes. The one exception is an outside caller's
 * address that a gateway vouches for ({@link #outside}), believed only on a request made with a
 * gateway's certificate, and prefixed {@code outside:} so it never equals an inside source.
 *
 * @param key the source as limits, lockouts and audit rows name it
 * @param tenant the practice whose trail the source's audit rows go to: its certificate's, else the default practice
 */
public record RequestSource(String key, org.rounds.broker.store.Tenant tenant) {
    private static final int MAX_KEY = 128;

    public RequestSource {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY) throw new IllegalArgumentException("a source is 1.." + MAX_KEY + " characters");
        java.util.Objects.requireNonNull(tenant, "tenant");
    }

    /** A source of the default practice (an address, or a default practice's endpoint). */
    public RequestSource(String key) {
        this(key, org.rounds.broker.store.Tenant.DEFAULT);
    }

    static RequestSource of(Context ctx) {
        return of(ctx.attribute(EndpointIdentity.ATTRIBUTE), ctx.req().getRemoteAddr());
    }

    /** The enrolled endpoint when {@code enrolled} is one, else the address. */
    static RequestSource of(Object enrolled, String remoteAddress) {
        // another practice's endpoint of the same id is another source: its floods never throttle this one
        if (enrolled instanceof Enrolments.Enrolled e)
            return new RequestSource(clip("cert:" + (e.tenant().isDefault() ? "" : e.tenant().name() + ":") + e.endpointId()), e.tenant());
        return new RequestSource(clip("addr:" + (remoteAddress == null ? "unknown" : remoteAddress)));
    }

    /**
     * The source {@code outside:ADDRESS} for the address a gateway sent in {@code
     * BrokerApi.OUTSIDE_SOURCE_HEADER}: an IPv4 or IPv6 literal, in canonical form (so that one
     * address written two ways is one source); {@link BadRequest} otherwise. Never looked up.
     */
    static RequestSource outside(String address) {
        String a = address == null ? "" : address.strip();
        if (a.startsWith("[") && a.endsWith("]")) a = a.substring(1, a.length() - 1);
        boolean v4 = a.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = a.length() <= 45 && a.contains(":") && a.matches("[0-9A-Fa-f:.]+");
        if (v4) for (String octet : a.split("\\.")) if (Integer.parseInt(octet) > 255) v4 = false;
        if (!v4 && !v6) throw new BadRequest(OUTSIDE_SOURCE + " must be the outside caller's IP address, not '" + clipped(a) + "'");
        try {
            return new RequestSource("outside:" + java.net.InetAddress.getByName(a).getHostAddress());   // a literal: parsed, not looked up
        } catch (java.net.UnknownHostException e) {
            throw new BadRequest(OUTSIDE_SOURCE + " must be the outside caller's IP address, not '" + clipped(a) + "'");
        }
    }

    private static final String OUTSIDE_SOURCE = org.rounds.broker.api.BrokerApi.OUTSIDE_SOURCE_HEADER;

    private static String clipped(String s) {
        return s.length() > 48 ? s.substring(0, 48) + "…" : s;
    }

    private static String clip(String key) {
        return key.length() > MAX_KEY ? key.substring(0, MAX_KEY) : key;
    }

    @Override
    public String toString() {
        return key;
    }
}
