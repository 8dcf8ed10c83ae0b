package org.rounds.broker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EnrolmentAnswer;
import org.rounds.broker.api.EnrolmentRequest;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Tx;
import org.rounds.broker.tls.BrokerCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST {@value BrokerApi#ENROLMENTS}: an endpoint trades its one-time code and a CSR for a client
 * certificate naming the endpoint the code was issued for. Open without a client certificate. The
 * CSR is checked before the code is used, so a bad request does not burn the code; a refusal
 * never repeats the code.
 */
final class EnrolmentRoute {
    private static final Logger log = LoggerFactory.getLogger(EnrolmentRoute.class);
    private static final int MAX_CSR = 16 * 1024;

    private EnrolmentRoute() {}

    /** {@code ca} null: a plain-HTTP broker, which issues no certificates. */
    static void register(Javalin app, Database db, ObjectMapper json, Clock clock, BrokerCa ca) {
        app.post(BrokerApi.ENROLMENTS, ctx -> {
            if (ca == null)
                throw new Refused(409, "this broker serves plain HTTP and issues no certificates: enrol against the HTTPS broker");
            EnrolmentRequest r = BrokerHttp.body(ctx, json, EnrolmentRequest.class);
            if (r.code().isBlank() || r.code().length() > 64) throw new BadRequest("code must be 1..64 characters");
            if (r.csr().length() > MAX_CSR) throw new BadRequest("csr larger than " + MAX_CSR + " characters");
            if (r.endpointId() != null) BrokerHttp.id("endpointId", r.endpointId());
            PublicKey key;
            try {
                key = BrokerCa.checkedRequestKey(r.csr());
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            Instant now = clock.instant();
            EnrolmentAnswer answer = Tx.run(db, c -> {
                Enrolments.Enrolled e = Enrolments.redeem(c, r.code(), now)
                        .filter(x -> r.endpointId() == null || r.endpointId().equals(x.endpointId()))
                        .orElseThrow(() -> new Refused(403, "enrolment code is unknown, already used or expired: "
                                + "ask an admin for a new one ('rounds broker endpoints add')"));
                X509Certificate cert = ca.issueEndpoint(key, e.endpointId(), now);
                Enrolments.issued(c, e.endpointId(), cert.getSerialNumber().toString(16), now, cert.getNotAfter().toInstant());
                return new EnrolmentAnswer(e.endpointId(), BrokerCa.pem(cert), ca.certificatePem());
            });
            log.info("endpoint {} enrolled from {}", answer.endpointId(), ctx.ip());
            ctx.json(answer);
        });
    }
}
