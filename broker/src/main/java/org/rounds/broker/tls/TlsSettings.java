package org.rounds.broker.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where the broker's TLS key comes from: a development CA made under the data directory on first
 * start ({@link #devCa()}), or a PKCS12 key store the site provides ({@link #keystore}). Either way
 * the broker speaks TLS 1.3 only: every endpoint runtime (JDK 17+, Conscrypt) has it, and it
 * removes the older versions' downgrade and weak-cipher choices from review.
 *
 * <p>Endpoints present client certificates issued by the <em>broker CA</em>: with the development
 * CA, that CA itself; with a site key store, a separate CA ({@code endpoint-ca.p12} and
 * {@code endpoint-ca.pem}) made on first start. Both live in the CA directory, {@code <data>/tls}
 * unless {@link #caDirectory} names another: brokers sharing one PostgreSQL database must all be
 * given the same CA files there (never the database: it holds no private key).
 */
public final class TlsSettings {
    static final String ENDPOINT_CA = "endpoint-ca";

    private final Path keystore;   // null: the development CA
    private final char[] password;
    private final Path caDir;      // null: <data>/tls
    private final List<String> names;

    private TlsSettings(Path keystore, char[] password, Path caDir, List<String> names) {
        this.keystore = keystore;
        this.password = password;
        this.caDir = caDir;
        this.names = names;
    }

    /**
     * A development CA and broker certificate under {@code <data>/tls} (see the class doc of the
     * files), made on the first start and reused; for a broker without a data directory, under a
     * temporary directory deleted at close. Endpoints trust {@code dev-ca.pem}.
     */
    public static TlsSettings devCa() {
        return new TlsSettings(null, null, null, List.of());
    }

    /** The key and certificate chain in a PKCS12 file, e.g. one the hospital's CA issued. */
    public static TlsSettings keystore(Path p12, char[] password) {
        return new TlsSettings(Objects.requireNonNull(p12, "keystore"), Objects.requireNonNull(password, "password").clone(), null, List.of());
    }

    /**
     * Keeps the CA that signs endpoints (with {@link #devCa()}: the development CA and the broker's
     * key store) in {@code dir} instead of {@code <data>/tls}. Brokers sharing a database are all
     * given the same one (a copy of its files): any of them can enrol an endpoint and all trust it.
     */
    public TlsSettings caDirectory(Path dir) {
        return new TlsSettings(keystore, password, Objects.requireNonNull(dir, "dir"), names);
    }

    /**
     * Host names and addresses, besides the bound ones, that endpoints dial this broker by (a DNS
     * alias, a load balancer's name, a NAT address): the development certificate names them too.
     * Each must be a DNS name or an IP literal ({@link #isValidName}); a key store's certificate
     * names what its CA wrote, so they are refused with one.
     */
    public TlsSettings names(List<String> names) {
        for (String n : names) {
            if (!isValidName(n)) throw new IllegalArgumentException("broker name '" + n + "' is neither a DNS name nor an IP address: "
                    + "give the name or address endpoints dial, e.g. broker1.ward.example");
        }
        if (keystore != null && !names.isEmpty()) throw new IllegalArgumentException("broker names are for the development certificate; "
                + "the configured key store's certificate names what its CA wrote: leave the names out, or ask that CA for them");
        return new TlsSettings(keystore, password, caDir, List.copyOf(names));
    }

    /** True for a DNS name (letters, digits, '-' and dots) or an IPv4 or IPv6 literal: what {@link #names} takes. */
    public static boolean isValidName(String name) {
        return CertificateNames.isValid(name);
    }

    /** {@link #open(Path, String, java.time.Instant)} for a broker bound to loopback, now. */
    public Served open(Path dataDir) {
        return open(dataDir, "127.0.0.1", java.time.Instant.now());
    }

    /**
     * Loads (for the development CA: first makes) the keys; fails with one line naming the file.
     * {@code dataDir} may be null (an in-memory broker: the CA goes into a temporary directory).
     * {@code bind} is added to a development certificate's names (for a wildcard bind, every
     * address of this machine's interfaces), as are {@link #names}; a certificate kept from an
     * earlier start that names anything else is issued again.
     */
    public Served open(Path dataDir, String bind, java.time.Instant now) {
        KeyStore site = keystore == null ? null : load(keystore, password);
        Path temp = null;
        if (caDir == null && dataDir == null) {
            try {
                temp = Files.createTempDirectory("rounds-broker-tls");
            } catch (IOException e) {
                throw new IllegalStateException("cannot make a directory for the broker CA: " + e.getMessage(), e);
            }
        }
        Path dir = caDir != null ? caDir : (temp != null ? temp : dataDir).resolve("tls");
        try {
            if (site != null) {
                BrokerCa ca = BrokerCa.loadOrCreate(dir, ENDPOINT_CA, "Rounds endpoint CA", now);
                return new Served(site, password, Optional.empty(), ca, temp);
            }
            DevCertificates.Ensured dev = DevCertificates.ensure(dir, bind, names, now);
            return new Served(dev.served(), DevCertificates.PASSWORD, Optional.of(dir.resolve(DevCertificates.CA_CERT)), dev.ca(), temp);
        } catch (RuntimeException e) {
            if (temp != null) DevCertificates.deleteTree(temp);
            throw e;
        }
    }

    private static KeyStore load(Path file, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) return ks;
            }
            throw new IllegalStateException("TLS keystore " + file + " holds no private key, only certificates");
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("TLS keystore " + file + ": no such file", e);
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException;
            throw new IllegalStateException("TLS keystore " + file + ": " + (wrongPassword ? "wrong password"
                    : "not a PKCS12 key store (" + e.getMessage() + ")"), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS keystore " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A loaded key, ready to serve; close it with the broker (deletes a temporary development CA). */
    public static final class Served implements AutoCloseable {
        private final KeyStore keys;
        private final char[] password;
        private final Optional<Path> caCertificate;
        private final BrokerCa endpointCa;
        private final Path tempDir;

        private Served(KeyStore keys, char[] password, Optional<Path> caCertificate, BrokerCa endpointCa, Path tempDir) {
            this.keys = keys;
            this.password = password;
            this.caCertificate = caCertificate;
            this.endpointCa = endpointCa;
            this.tempDir = tempDir;
        }

        /** The development CA's certificate endpoints must trust; empty for a configured key store. */
        public Optional<Path> caCertificate() {
            return caCertificate;
        }

        /** The CA that signs endpoints' client certificates, and that the broker trusts them by. */
        public BrokerCa endpointCa() {
            return endpointCa;
        }

        /**
         * Jetty's server-side TLS: this key, TLS 1.3 only, and a client certificate asked for (not
         * required: health, metrics, OpenAPI and enrolment stay open; endpoint routes check it) and
         * trusted only when the broker CA issued it.
         */
        public SslContextFactory.Server jetty() {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keys);
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3");
            try {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("broker-ca", endpointCa.certificate());
                ssl.setTrustStore(trust);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot trust the broker CA: " + e.getMessage(), e);
            }
            ssl.setWantClientAuth(true);
            return ssl;
        }

        @Override
        public void close() {
            if (tempDir != null) DevCertificates.deleteTree(tempDir);
        }
    }
}
