package org.rounds.broker.http;

import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.rounds.broker.hosts.HostRegistry;
import org.rounds.broker.tls.BrokerCa;

/**
 * Which desktop host is calling, for the host control channel ({@value
 * org.rounds.broker.api.BrokerApi#HOST_CONTROL}): the host named by the client certificate the
 * broker CA issued it at enrolment. 401 without a certificate; 403 for one this CA did not sign,
 * one that is not a host's (an endpoint's has SAN {@code urn:rounds:endpoint:...} and is not in
 * {@code host_certificates}), one expired, or one of a revoked host. Mirrors {@link
 * EndpointIdentity}: revocation is read from the store, cached per serial for at most
 * {@link SerialCache#CACHE_NANOS}.
 *
 * <pre>{@code
 * HostIdentity hosts = HostIdentity.byCertificate(new Hosts(db), tls.endpointCa().certificate(), clock);
 * app.wsBeforeUpgrade(BrokerApi.HOST_CONTROL, hosts::authenticate);   // then ctx.attribute(HostIdentity.ATTRIBUTE)
 * Optional<String> host = hosts.host(certificate);                      // or as a function from certificate to host
 * }</pre>
 */
public final class HostIdentity {
    /** The request attribute holding the host's name once {@link #authenticate} passed. */
    static final String ATTRIBUTE = "rounds.host";
    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";
    static final String NO_CERTIFICATE = "the host control channel needs the desktop host's client certificate: "
            + "enrol the host with 'rounds desktop-host --enrol-code CODE' ('rounds broker hosts add NAME' gives the code)";
    static final String NOT_A_HOST = "this client certificate is not a desktop host's: present the certificate the host got at enrolment";
    static final String FOREIGN = "this client certificate was not issued by this broker's CA: enrol the host against these brokers";
    static final String EXPIRED = "this host certificate has expired or is not valid yet: enrol the host again ('rounds broker hosts add NAME')";
    static final String REVOKED = "this host certificate is revoked or unknown: enrol the host again ('rounds broker hosts add NAME')";

    private final EnrolledIdentity identity;

    private HostIdentity(HostRegistry registry, X509Certificate ca, Clock clock, LongSupplier nanos) {
        this.identity = new EnrolledIdentity(ca, clock, BrokerCa.HOST_URI, registry::enrolledHostNamed, nanos,
                new EnrolledIdentity.Refusals(NO_CERTIFICATE, NOT_A_HOST, FOREIGN, EXPIRED, REVOKED));
    }

    /** Hosts of {@code registry} whose certificates {@code ca} (the broker CA) signed, valid at {@code clock}'s time. */
    public static HostIdentity byCertificate(HostRegistry registry, X509Certificate ca, Clock clock) {
        return new HostIdentity(registry, ca, clock, System::nanoTime);
    }

    /**
     * The host {@code certificate} stands for; empty when any check refuses it (another CA's, not
     * a host's, expired, revoked or unknown). The store not answering is an {@link IllegalStateException}.
     */
    public Optional<String> host(X509Certificate certificate) {
        try {
            return Optional.of(hostOf(new X509Certificate[] {certificate}));
        } catch (Refused refused) {
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("checking a host certificate: " + e.getMessage(), e);
        }
    }

    /** Before a host route or the control channel's upgrade: keeps the host's name on the request, or refuses. */
    void authenticate(Context ctx) throws SQLException {
        ctx.attribute(ATTRIBUTE, hostOf(ctx.req().getAttribute(CERTIFICATES)));
    }

    /**
     * The host the first certificate of {@code chain} (the servlet attribute's value) stands for, as
     * its {@link org.rounds.broker.store.HostKey} (the practice from the certificate); {@link Refused} otherwise.
     */
    String hostOf(Object chain) throws SQLException {
        // a practice's host is PRACTICE/NAME on the channel: it serves that practice's desktops only
        return org.rounds.broker.store.HostKey.of(identity.nameOf(chain));
    }
}
