package org.rounds.gateway;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import org.rounds.broker.api.BrokerApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker route an outside device reaches through the gateway: POST
 * {@value BrokerApi#REMOTE_SIGN_INS} and POST {@value BrokerApi#REMOTE_RECONNECTS}, each with its
 * own rate. The outside address's rate is checked first (429 at once, no broker asked), the body
 * read up to {@link #MAX_BODY} (413 beyond, never forwarded), then it goes to the brokers with
 * failover, carrying the caller's TCP address in {@value BrokerApi#OUTSIDE_SOURCE_HEADER}; the
 * final answer comes back as it is. The body is not parsed here: the broker checks it, and the
 * gateway never holds a password longer than the forwarding takes.
 */
final class ForwardRoute {
    private static final Logger log = LoggerFactory.getLogger(ForwardRoute.class);
    /** A sign-in or reconnect is a few short strings: a few hundred bytes. 16 KiB leaves room and bounds a flood's memory. */
    static final int MAX_BODY = 16 * 1024;

    private final String path;
    private final String what;
    private final Brokers brokers;
    private final SourceBuckets rate;

    /** {@code what}: the plural the 429 and 413 lines name ("sign-ins"). */
    ForwardRoute(String path, String what, Brokers brokers, GatewayLimits.Rate rate, int maxSources) {
        this.path = path;
        this.what = what;
        this.brokers = brokers;
        this.rate = new SourceBuckets(rate, maxSources);
    }

    void handle(Context ctx) throws IOException {
        String source = ctx.req().getRemoteAddr();
        long wait = rate.take(source, System.nanoTime());
        if (wait > 0) throw new Refused(429, "too many " + what + " from " + source + "; wait " + wait + " s", wait);
        byte[] body = body(ctx);
        try {
            Refused.pass(ctx, brokers.post(path, body, source));
        } catch (Brokers.NoBrokerAnswered e) {
            log.warn("{} from {} could not be forwarded: {}", path, source, e.getMessage());
            throw new Refused(503, "no broker answers the gateway now; try again in a minute");
        }
    }

    /** At most {@link #MAX_BODY} bytes, whether or not the caller declared a length. */
    private byte[] body(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) throw tooLarge();
        InputStream in = ctx.req().getInputStream();
        byte[] b = in.readNBytes(MAX_BODY + 1);
        if (b.length > MAX_BODY) throw tooLarge();
        return b;
    }

    private Refused tooLarge() {
        return new Refused(413, "a request to " + path + " is at most " + MAX_BODY + " bytes");
    }
}
