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
import org.rounds.broker.api.GatewayEnrolmentAnswer;
import org.rounds.broker.api.GatewayEnrolmentRequest;
import org.rounds.broker.api.HostEnrolmentAnswer;
import org.rounds.broker.api.HostEnrolmentRequest;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.Tx;
import org.rounds.broker.tls.BrokerCa;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST {@value BrokerApi#ENROLMENTS}: an endpoint trades its one-time code and a CSR for a client
 * certificate naming the endpoint the code was issued for; POST {@value BrokerApi#HOST_ENROLMENTS}:
 * a desktop host does the same for a host certificate, and POST {@value BrokerApi#GATEWAY_ENROLMENTS}
 * a remote-access gateway for a gateway certificate. Open without a client certificate. The
 * CSR is checked before the code is used, so a bad request does not burn the code; a refusal
 * never repeats the code and stores nothing (the code is used in the transaction that records
 * the certificate).
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
            if (r.endpointId() != null) BrokerHttp.id("endpointId", r.endpointId());
            PublicKey key = checkedKey(r.code(), r.csr());
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
        app.post(BrokerApi.HOST_ENROLMENTS, ctx -> {
            if (ca == null)
                throw new Refused(409, "this broker serves plain HTTP and issues no certificates: enrol the host against an HTTPS broker");
            HostEnrolmentRequest r = BrokerHttp.body(ctx, json, HostEnrolmentRequest.class);
            if (r.name() != null) BrokerHttp.id("name", r.name());
            PublicKey key = checkedKey(r.code(), r.csr());
            Instant now = clock.instant();
            HostEnrolmentAnswer answer = Tx.run(db, c -> {
                String host = Hosts.redeem(c, r.code(), now)
                        .filter(name -> r.name() == null || r.name().equals(name))
                        .orElseThrow(() -> new Refused(403, "host enrolment code is unknown, already used or expired: "
                                + "ask an admin for a new one ('rounds broker hosts add')"));
                X509Certificate cert = ca.issueHost(key, host, now);
                Hosts.issued(c, host, cert.getSerialNumber().toString(16), now, cert.getNotAfter().toInstant());
                return new HostEnrolmentAnswer(host, BrokerCa.pem(cert), ca.certificatePem());
            });
            log.info("desktop host {} enrolled from {}", answer.name(), ctx.ip());
            ctx.json(answer);
        });
        app.post(BrokerApi.GATEWAY_ENROLMENTS, ctx -> {
            if (ca == null)
                throw new Refused(409, "this broker serves plain HTTP and issues no certificates: enrol the gateway against an HTTPS broker");
            GatewayEnrolmentRequest r = BrokerHttp.body(ctx, json, GatewayEnrolmentRequest.class);
            if (r.name() != null) BrokerHttp.id("name", r.name());
            PublicKey key = checkedKey(r.code(), r.csr());
            Instant now = clock.instant();
            GatewayEnrolmentAnswer answer = Tx.run(db, c -> {
                String gateway = Gateways.redeem(c, r.code(), now)
                        .filter(name -> r.name() == null || r.name().equals(name))
                        .orElseThrow(() -> new Refused(403, "gateway enrolment code is unknown, already used or expired: "
                                + "ask an admin for a new one ('rounds broker gateways add')"));
                X509Certificate cert = ca.issueGateway(key, gateway, now);
                Gateways.issued(c, gateway, cert.getSerialNumber().toString(16), now, cert.getNotAfter().toInstant());
                return new GatewayEnrolmentAnswer(gateway, BrokerCa.pem(cert), ca.certificatePem());
            });
            log.info("gateway {} enrolled from {}", answer.name(), ctx.ip());
            ctx.json(answer);
        });
    }

    /** The CSR's key, checked before any code is looked at; 400 in one line otherwise. */
    private static PublicKey checkedKey(String code, String csr) {
        if (code.isBlank() || code.length() > 64) throw new BadRequest("code must be 1..64 characters");
        if (csr.length() > MAX_CSR) throw new BadRequest("csr larger than " + MAX_CSR + " characters");
        try {
            return BrokerCa.checkedRequestKey(csr);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }
}
