package org.rounds.gateway;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.rounds.broker.api.BrokerApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST {@value BrokerApi#REMOTE_SIGN_INS}, the only broker route an outside device reaches: the
 * outside address's rate is checked first (429 at once, no broker asked), the body read up to
 * {@link #MAX_BODY} (413 beyond, never forwarded), then it goes to the brokers with failover,
 * carrying the caller's TCP address in {@value BrokerApi#OUTSIDE_SOURCE_HEADER}; the final
 * answer comes back as it is. The body is not parsed here: the broker checks it, and the
 * gateway never holds a password longer than the forwarding takes.
 */
final class SignInRoute {
    private static final Logger log = LoggerFactory.getLogger(SignInRoute.class);
    /** A sign-in is four short strings and an id: a few hundred bytes. 16 KiB leaves room and bounds a flood's memory. */
    static final int MAX_BODY = 16 * 1024;

    private final Brokers brokers;
    private final SourceBuckets signIns;

    SignInRoute(Brokers brokers, GatewayLimits limits) {
        this.brokers = brokers;
        this.signIns = new SourceBuckets(limits.signIns(), limits.maxSources());
    }

    void handle(Context ctx) throws IOException {
        String source = ctx.req().getRemoteAddr();
        long wait = signIns.take(source, System.nanoTime());
        if (wait > 0) throw new Refused(429, "too many sign-ins from " + source + "; wait " + wait + " s", wait);
        byte[] body = body(ctx);
        try {
            Refused.pass(ctx, brokers.post(BrokerApi.REMOTE_SIGN_INS, body, source));
        } catch (Brokers.NoBrokerAnswered e) {
            log.warn("a sign-in from {} could not be forwarded: {}", source, e.getMessage());
            throw new Refused(503, "no broker answers the gateway now; try again in a minute");
        }
    }

    /** At most {@link #MAX_BODY} bytes, whether or not the caller declared a length. */
    private static byte[] body(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) throw tooLarge();
        InputStream in = ctx.req().getInputStream();
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) throw tooLarge();
        return b;
    }

    private static Refused tooLarge() {
        return new Refused(413, "a sign-in is at most " + MAX_BODY + " bytes");
    }
}
