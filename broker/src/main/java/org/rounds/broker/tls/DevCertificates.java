package org.rounds.broker.tls;

import org.rounds.broker.store.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A development CA and a broker certificate it signed, made on first start under
 * {@code <data>/tls} and reused afterwards: {@code dev-ca.p12} (the CA's key, mode 600),
 * {@code dev-ca.pem} (the certificate endpoints trust) and {@code broker.p12} (the served key and
 * chain, mode 600; SANs localhost, 127.0.0.1, this machine's host name, the bind address — every
 * interface address for a wildcard bind — and every extra name: {@link CertificateNames}).
 * The broker certificate is issued again when the names it should carry change (another
 * {@code --bind} or {@code --name}, a new interface address), so that a cart checking the name
 * it dials is never refused by a certificate kept from an earlier start.
 * The same CA signs endpoints' client certificates.
 *
 * <p>Made in process with Bouncy Castle ({@link BrokerCa}): no keytool subprocesses, so a first
 * start takes milliseconds instead of seconds of short-lived JVMs.
 */
final class DevCertificates {
    private static final Logger log = LoggerFactory.getLogger(DevCertificates.class);

    static final String CA_NAME = "dev-ca";
    static final String CA_KEYS = "dev-ca.p12";
    static final String CA_CERT = "dev-ca.pem";
    static final String BROKER_KEYS = "broker.p12";
    static final String BROKER_ALIAS = "broker";
    /**
     * The stores' password. Not a secret, on purpose: like mkcert's unencrypted rootCA-key.pem, the
     * keys are protected by their files' mode (600 in a 700 directory); a password kept beside them
     * would protect nothing more.
     */
    static final char[] PASSWORD = "rounds-dev-ca".toCharArray();
    private static final Duration BROKER_VALIDITY = Duration.ofDays(825);   // the longest browsers and Apple's TLS stack accept
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private DevCertificates() {}

    /**
     * The development CA under {@code dir} and the broker's key store beside it, made, or issued
     * again when near expiry or when it does not carry exactly the names wanted for
     * {@code bindAddress} and {@code names}.
     */
    static Ensured ensure(Path dir, String bindAddress, List<String> names, Instant now) {
        boolean fresh = !Files.isRegularFile(dir.resolve(CA_KEYS));
        BrokerCa ca = BrokerCa.loadOrCreate(dir, CA_NAME, "Rounds development CA (" + hostName().orElse("localhost") + ")", now);
        if (fresh) log.info("made a development CA in {}: endpoints trust {}", dir, dir.resolve(CA_CERT));
        Path brokerKeys = dir.resolve(BROKER_KEYS);
        CertificateNames wanted = CertificateNames.wanted(bindAddress, names, hostName());
        KeyStore kept = Files.isRegularFile(brokerKeys) ? read(brokerKeys) : null;
        if (kept != null && !mustReissue(kept, ca, wanted, now)) return new Ensured(ca, kept);
        KeyPair pair = BrokerCa.ecKey();
        List<String> dns = new ArrayList<>(List.of("localhost"));   // first: the subject's CN, as before names were added
        wanted.dns().stream().filter(d -> !d.equals("localhost")).forEach(dns::add);
        X509Certificate cert = ca.issueServer(pair.getPublic(), dns, new ArrayList<>(wanted.ips()), now, BROKER_VALIDITY);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(BROKER_ALIAS, pair.getPrivate(), PASSWORD, new X509Certificate[] {cert, ca.certificate()});
            PrivateFiles.writePrivate(brokerKeys, BrokerCa.store(ks));
            return new Ensured(ca, ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the broker's key store " + brokerKeys + ": " + e.getMessage(), e);
        }
    }

    /**
     * The CA and the key store to serve: the one checked or written here, never read back from
     * the file, which another broker sharing the CA directory (one with other names) may rewrite
     * meanwhile.
     */
    record Ensured(BrokerCa ca, KeyStore served) {}

    /** The broker's key store, or null (issue a new one) when it cannot be read. */
    private static KeyStore read(Path brokerKeys) {
        try (InputStream in = Files.newInputStream(brokerKeys)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            log.warn("{} cannot be read ({}): issuing a new one", brokerKeys, e.getMessage());
            return null;
        }
    }

    /** True when the served certificate is near expiry, unreadable, from another CA, or names other names than {@code wanted}. */
    private static boolean mustReissue(KeyStore ks, BrokerCa ca, CertificateNames wanted, Instant now) {
        try {
            X509Certificate cert = (X509Certificate) ks.getCertificate(BROKER_ALIAS);
            if (cert == null || !ks.isKeyEntry(BROKER_ALIAS)) return true;
            // signed by this CA's key, not just by one of the same name (a CA made again on the same host)
            cert.verify(ca.certificate().getPublicKey());
            boolean soon = cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
            if (soon) {
                log.info("the broker's development certificate expires {}: issuing a new one", cert.getNotAfter().toInstant());
                return true;
            }
            CertificateNames held = CertificateNames.of(cert);
            if (!held.equals(wanted)) log.info("the broker's development certificate names {}; issuing one for {}", held, wanted);
            return !held.equals(wanted);
        } catch (GeneralSecurityException e) {
            log.info("the broker's development certificate is not this CA's or cannot be read ({}): issuing a new one", e.getMessage());
            return true;
        }
    }

    /** This machine's host name when it is a valid DNS name, other than localhost. */
    static Optional<String> hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
            boolean valid = name.matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
            return valid && !name.equals("localhost") ? Optional.of(name) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();   // no resolvable host name: localhost and 127.0.0.1 still work
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
