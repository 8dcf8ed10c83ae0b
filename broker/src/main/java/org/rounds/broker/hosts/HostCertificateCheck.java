package org.rounds.broker.hosts;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The one step from a client certificate to the desktop host it stands for. TLS has already
 * checked that the broker CA issued it; this says whether it is a host's (not an endpoint's) and
 * still valid. The store's own check (serials it issued, revocation) plugs in here.
 */
@FunctionalInterface
public interface HostCertificateCheck {

    /** The host {@code certificate} stands for, or empty when it stands for none (unknown, revoked, an endpoint's). */
    Optional<String> host(X509Certificate certificate);

    /** By serial (hex), as {@link HostRegistry#enrolledHost} knows the certificates it issued. */
    static HostCertificateCheck bySerial(HostRegistry registry) {
        return certificate -> registry.enrolledHost(certificate.getSerialNumber().toString(16));
    }
}
