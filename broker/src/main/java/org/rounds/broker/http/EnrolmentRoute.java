package org.rounds.broker.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.EnrolmentAnswer;
import org.rounds.broker.api.EnrolmentRequest;
import org.rounds.broker.api.GatewayEnrolmentAnswer;
import org.rounds.broker.api.GatewayEnrolmentRequest;
import org.rounds.broker.api.HostEnrolmentAnswer;
import org.rounds.broker.api.HostEnrolmentRequest;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.EnrolledName;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.Tenant;
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
            // The code is what says the practice (a code's hash is unique across practices): it is looked up
            // in the service mode, and the certificate names the practice it was made for.
            Enrolments.Enrolled[] enrolled = new Enrolments.Enrolled[1];
            EnrolmentAnswer answer = Tx.asService(db, "an endpoint's enrolment code", c -> {
                Enrolments.Enrolled e = Enrolments.redeem(c, r.code(), now)
                        .filter(x -> r.endpointId() == null || r.endpointId().equals(x.endpointId()))
                        .orElseThrow(() -> new Refused(403, "enrolment code is unknown, already used or expired: "
                                + "ask an admin for a new one ('rounds broker endpoints add')"));
                X509Certificate cert = ca.issueEndpoint(key, e.tenant(), e.endpointId(), now);
                Enrolments.issued(c, e.tenant(), e.endpointId(), cert.getSerialNumber().toString(16), now, cert.getNotAfter().toInstant());
                enrolled[0] = e;
                return new EnrolmentAnswer(e.endpointId(), BrokerCa.pem(cert), ca.certificatePem());
            });
            log.info("endpoint {} of practice {} enrolled from {}", answer.endpointId(), enrolled[0].tenant(), ctx.ip());
            ctx.json(answer);
        });
        app.post(BrokerApi.HOST_ENROLMENTS, ctx -> {
            requireCa(ca, HOST);
            HostEnrolmentRequest r = BrokerHttp.body(ctx, json, HostEnrolmentRequest.class);
            Issued issued = enrolNamed(db, clock, ca, HOST, r.code(), r.csr(), r.name());
            log.info("desktop host {} enrolled from {}", issued.name(), ctx.ip());
            ctx.json(new HostEnrolmentAnswer(issued.name(), issued.certificate(), ca.certificatePem()));
        });
        app.post(BrokerApi.GATEWAY_ENROLMENTS, ctx -> {
            requireCa(ca, GATEWAY);
            GatewayEnrolmentRequest r = BrokerHttp.body(ctx, json, GatewayEnrolmentRequest.class);
            Issued issued = enrolNamed(db, clock, ca, GATEWAY, r.code(), r.csr(), r.name());
            log.info("gateway {} enrolled from {}", issued.name(), ctx.ip());
            ctx.json(new GatewayEnrolmentAnswer(issued.name(), issued.certificate(), ca.certificatePem()));
        });
    }

    /** What the desktop-host and gateway routes differ in: the word for the kind, and its store and CA calls. */
    private record Kind(String noun, Redeem redeem, Issue issue, Recorder recorder) {}

    @FunctionalInterface
    private interface Redeem {
        Optional<EnrolledName> redeem(Connection c, String code, Instant now) throws SQLException;
    }

    @FunctionalInterface
    private interface Issue {
        X509Certificate issue(BrokerCa ca, PublicKey key, Tenant tenant, String name, Instant now);
    }

    @FunctionalInterface
    private interface Recorder {
        void issued(Connection c, Tenant tenant, String name, String serialHex, Instant now, Instant notAfter) throws SQLException;
    }

    private static final Kind HOST = new Kind("host", Hosts::redeemNamed, BrokerCa::issueHost, Hosts::issued);
    private static final Kind GATEWAY = new Kind("gateway", Gateways::redeemNamed, BrokerCa::issueGateway, Gateways::issued);

    /** The name the code was issued for, and its new certificate (PEM). */
    private record Issued(String name, String certificate) {}

    private static void requireCa(BrokerCa ca, Kind kind) {
        if (ca == null)
            throw new Refused(409, "this broker serves plain HTTP and issues no certificates: enrol the " + kind.noun() + " against an HTTPS broker");
    }

    /**
     * A host or gateway trades its code and CSR for a certificate naming what the code was issued
     * for ({@code name}, when given, must be that); code used and certificate recorded in one transaction.
     */
    private static Issued enrolNamed(Database db, Clock clock, BrokerCa ca, Kind kind, String code, String csr, String name)
            throws SQLException {
        if (name != null) BrokerHttp.id("name", name);
        PublicKey key = checkedKey(code, csr);
        Instant now = clock.instant();
        // As an endpoint's: the code says the practice, so it is looked up in the service mode.
        return Tx.asService(db, "a " + kind.noun() + "'s enrolment code", c -> {
            EnrolledName named = kind.redeem().redeem(c, code, now)
                    .filter(n -> name == null || name.equals(n.name()))
                    .orElseThrow(() -> new Refused(403, kind.noun() + " enrolment code is unknown, already used or expired: "
                            + "ask an admin for a new one ('rounds broker " + kind.noun() + "s add')"));
            X509Certificate cert = kind.issue().issue(ca, key, named.tenant(), named.name(), now);
            kind.recorder().issued(c, named.tenant(), named.name(), cert.getSerialNumber().toString(16), now, cert.getNotAfter().toInstant());
            return new Issued(named.name(), BrokerCa.pem(cert));
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
