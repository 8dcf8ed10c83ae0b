package org.rounds.broker.http;

import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.util.function.LongSupplier;
import org.rounds.broker.store.Gateways;
import org.rounds.broker.tls.BrokerCa;

/**
 * Which remote-access gateway is calling, for the routes only a gateway may use ({@value
 * org.rounds.broker.api.BrokerApi#REMOTE_SIGN_INS}, {@value org.rounds.broker.api.BrokerApi#REMOTE_TUNNELS}):
 * the gateway named by the client certificate the broker CA issued it at enrolment. 401 without
 * a certificate; 403 for one another CA signed, one that is not a gateway's (an endpoint's or a
 * host's names another kind and is in another table), one expired, or one revoked. Mirrors
 * {@link HostIdentity}: revocation is read from the store, cached per serial for at most
 * {@link SerialCache#CACHE_NANOS}.
 */
final class GatewayIdentity {
    /** The request attribute holding the gateway's {@link org.rounds.broker.store.EnrolledName} (name and practice) once {@link #authenticate} passed. */
    static final String ATTRIBUTE = "rounds.gateway";
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    static final String NO_CERTIFICATE = "this route is for remote-access gateways and needs the gateway's client certificate: "
            + "enrol the gateway with its code from 'rounds broker gateways add NAME'";
    static final String NOT_A_GATEWAY = "this client certificate is not a gateway's: outside devices reach brokers only through "
            + "a gateway (rounds gateway)";
    static final String FOREIGN = "this client certificate was not issued by this broker's CA: enrol the gateway against these brokers";
    static final String EXPIRED = "this gateway certificate has expired or is not valid yet: enrol the gateway again "
            + "('rounds broker gateways add NAME')";
    static final String REVOKED = "this gateway certificate is revoked or unknown: enrol the gateway again ('rounds broker gateways add NAME')";

    private final EnrolledIdentity identity;

    GatewayIdentity(Gateways store, X509Certificate ca, Clock clock, LongSupplier nanos) {
        this.identity = new EnrolledIdentity(ca, clock, BrokerCa.GATEWAY_URI, store::enrolledGatewayNamed, nanos,
                new EnrolledIdentity.Refusals(NO_CERTIFICATE, NOT_A_GATEWAY, FOREIGN, EXPIRED, REVOKED));
    }

    /** Before a gateway route: keeps the gateway's name on the request, or refuses. */
    void authenticate(Context ctx) throws SQLException {
        ctx.attribute(ATTRIBUTE, gatewayOf(ctx.req().getAttribute(CERTIFICATES)));
    }

    /** The gateway the first certificate of {@code chain} (the servlet attribute's value) stands for; {@link Refused} otherwise. */
    org.rounds.broker.store.EnrolledName gatewayOf(Object chain) throws SQLException {
        return identity.nameOf(chain);
    }
}
