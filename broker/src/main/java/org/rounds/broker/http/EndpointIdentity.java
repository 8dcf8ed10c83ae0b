package org.rounds.broker.http;

import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.rounds.broker.store.Enrolments;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.tls.BrokerCa;

/**
 * Who is calling an endpoint route: on an HTTPS broker, the endpoint named by the client
 * certificate the broker CA issued it (401 without one; 403 when it is revoked or names another
 * endpoint than the request). On a plain-HTTP broker (embedded, tests, {@code rounds demo} on
 * loopback) there is no certificate to check and the request's ids are trusted, as before.
 *
 * <p>Revocation is read from the database, cached per serial for at most {@link SerialCache#CACHE_NANOS},
 * so a revocation on any broker sharing the database holds here within a second. Only serials in
 * {@code endpoint_certificates} pass: a desktop host's certificate (in {@code host_certificates})
 * never stands for an endpoint.
 */
final class EndpointIdentity {
    static final String ATTRIBUTE = "rounds.endpoint";
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Enrolments enrolments;   // null: plain HTTP, nothing to check
    private final SerialCache<Enrolments.Enrolled> cache;

    private EndpointIdentity(Enrolments enrolments, LongSupplier nanos) {
        this.enrolments = enrolments;
        this.cache = enrolments == null ? null : new SerialCache<>(enrolments::valid, nanos);
    }

    static EndpointIdentity trustingRequests() {
        return new EndpointIdentity(null, System::nanoTime);
    }

    static EndpointIdentity byCertificate(Enrolments enrolments) {
        return new EndpointIdentity(enrolments, System::nanoTime);
    }

    boolean checks() {
        return enrolments != null;
    }

    /** Before an endpoint route: finds the caller's enrolment (401/403 when there is none) and keeps it on the request. */
    void authenticate(Context ctx) throws SQLException {
        if (enrolments == null) return;
        Object chain = ctx.req().getAttribute(CERTIFICATES);
        if (!(chain instanceof X509Certificate[] certs) || certs.length == 0)
            throw new Refused(401, "this route needs the endpoint's client certificate: enrol the endpoint with 'rounds enrol'");
        Enrolments.Enrolled who = lookup(certs[0].getSerialNumber().toString(16))
                .orElseThrow(() -> new Refused(403, "this endpoint certificate is revoked or unknown: enrol the endpoint again"));
        // The serial's row says which endpoint of which practice; the certificate must say the same (a second check).
        boolean named = CertificateUris.named(certs[0], BrokerCa.ENDPOINT_URI)
                .filter(san -> BrokerCa.names(san, who.tenant(), who.endpointId())).isPresent();
        if (!named) throw new Refused(403, "this endpoint certificate does not name the endpoint and practice it was issued for: enrol the endpoint again");
        ctx.attribute(ATTRIBUTE, who);
    }

    /**
     * The practice of the endpoint calling: the one its certificate names (after {@link
     * #authenticate}); the default practice on a plain-HTTP broker, which checks no certificates.
     * Never from a header, a parameter or the body.
     */
    Tenant tenantOf(Context ctx) {
        if (enrolments == null) return Tenant.DEFAULT;
        Enrolments.Enrolled who = ctx.attribute(ATTRIBUTE);
        if (who == null) throw new Refused(401, "this route needs the endpoint's client certificate: enrol the endpoint with 'rounds enrol'");
        return who.tenant();
    }

    /** After the body is read: the id the request speaks for must be the certificate's (403 otherwise). */
    void require(Context ctx, String endpointId) {
        if (enrolments == null) return;
        Enrolments.Enrolled who = ctx.attribute(ATTRIBUTE);
        if (who == null) throw new Refused(401, "this route needs the endpoint's client certificate: enrol the endpoint with 'rounds enrol'");
        if (!who.endpointId().equals(endpointId))
            throw new Refused(403, "the client certificate is endpoint " + who.endpointId() + "'s, not " + endpointId + "'s");
    }

    /** As {@link #require}, and the endpoint must have been enrolled as a kiosk. */
    void requireKiosk(Context ctx, String endpointId) {
        require(ctx, endpointId);
        if (enrolments == null) return;
        Enrolments.Enrolled who = ctx.attribute(ATTRIBUTE);
        if (!"kiosk".equals(who.kind()))
            throw new Refused(403, "endpoint " + endpointId + " is enrolled as a " + who.kind() + ", not a kiosk");
    }

    private Optional<Enrolments.Enrolled> lookup(String serial) throws SQLException {
        return cache.get(serial);
    }
}
