package org.rounds.broker.http;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.rounds.broker.store.EnrolledName;
import org.rounds.broker.tls.BrokerCa;

/**
 * The certificate checks {@link HostIdentity} and {@link GatewayIdentity} share: a client
 * certificate the broker CA signed, valid now, naming one kind of enrolled thing in its SAN
 * ({@code kindUri} + name) and found, not revoked, by serial in that kind's table (cached per
 * serial for at most {@link SerialCache#CACHE_NANOS}). Each refusal is one of the kind's lines.
 */
final class EnrolledIdentity {
    /** The kind's one-line refusals: 401 without a certificate, 403 for the others. */
    record Refusals(String noCertificate, String notThisKind, String foreign, String expired, String revoked) {}

    private final X509Certificate ca;
    private final Clock clock;
    private final String kindUri;
    private final SerialCache<EnrolledName> enrolled;
    private final Refusals refusals;

    EnrolledIdentity(X509Certificate ca, Clock clock, String kindUri, SerialCache.Lookup<EnrolledName> bySerial, LongSupplier nanos,
                     Refusals refusals) {
        this.ca = ca;
        this.clock = clock;
        this.kindUri = kindUri;
        this.enrolled = new SerialCache<>(bySerial, nanos);
        this.refusals = refusals;
    }

    /**
     * The name, and its practice, the first certificate of {@code chain} (the servlet attribute's
     * value) stands for; {@link Refused} otherwise. The practice is the one the serial's row and
     * the certificate's SAN both name, never anything the caller sends.
     */
    EnrolledName nameOf(Object chain) throws SQLException {
        if (!(chain instanceof X509Certificate[] certs) || certs.length == 0) throw new Refused(401, refusals.noCertificate());
        X509Certificate cert = certs[0];
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refused(403, refusals.foreign());
        }
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            throw new Refused(403, refusals.expired());
        }
        // Two checks that each suffice: the SAN kind, and the kind's certificates table.
        Optional<String> named = CertificateUris.named(cert, kindUri);
        if (named.isEmpty()) throw new Refused(403, refusals.notThisKind());
        EnrolledName name = enrolled.get(cert.getSerialNumber().toString(16)).orElseThrow(() -> new Refused(403, refusals.revoked()));
        if (!BrokerCa.names(named.get(), name.tenant(), name.name())) throw new Refused(403, refusals.notThisKind());
        return name;
    }
}
