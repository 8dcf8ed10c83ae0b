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
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Where the broker's TLS key comes from: a development CA made under the data directory on first
 * start ({@link #devCa()}), or a PKCS12 key store the site provides ({@link #keystore}). Either way
 * the broker speaks TLS 1.3 only: every endpoint runtime (JDK 17+, Conscrypt) has it, and it
 * removes the older versions' downgrade and weak-cipher choices from review.
 */
public final class TlsSettings {
    private final Path keystore;   // null: the development CA
    private final char[] password;

    private TlsSettings(Path keystore, char[] password) {
        this.keystore = keystore;
        this.password = password;
    }

    /**
     * A development CA and broker certificate under {@code <data>/tls} (see the class doc of the
     * files), made on the first start and reused; for a broker without a data directory, under a
     * temporary directory deleted at close. Endpoints trust {@code dev-ca.pem}.
     */
    public static TlsSettings devCa() {
        return new TlsSettings(null, null);
    }

    /** The key and certificate chain in a PKCS12 file, e.g. one the hospital's CA issued. */
    public static TlsSettings keystore(Path p12, char[] password) {
        return new TlsSettings(Objects.requireNonNull(p12, "keystore"), Objects.requireNonNull(password, "password").clone());
    }

    /**
     * Loads (for the development CA: first makes) the key; fails with one line naming the file.
     * {@code dataDir} may be null (an in-memory broker).
     */
    public Served open(Path dataDir) {
        if (keystore != null) return new Served(load(keystore, password), password, Optional.empty(), null);
        Path temp = null;
        if (dataDir == null) {
            try {
                temp = Files.createTempDirectory("rounds-broker-tls");
            } catch (IOException e) {
                throw new IllegalStateException("cannot make a directory for the development CA: " + e.getMessage(), e);
            }
        }
        Path dir = (temp != null ? temp : dataDir).resolve("tls");
        try {
            Path keys = DevCertificates.ensure(dir);
            return new Served(load(keys, DevCertificates.PASSWORD), DevCertificates.PASSWORD,
                    Optional.of(dir.resolve(DevCertificates.CA_CERT)), temp);
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
        private final Path tempDir;

        private Served(KeyStore keys, char[] password, Optional<Path> caCertificate, Path tempDir) {
            this.keys = keys;
            this.password = password;
            this.caCertificate = caCertificate;
            this.tempDir = tempDir;
        }

        /** The development CA's certificate endpoints must trust; empty for a configured key store. */
        public Optional<Path> caCertificate() {
            return caCertificate;
        }

        /** Jetty's server-side TLS: this key, TLS 1.3 only. */
        public SslContextFactory.Server jetty() {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keys);
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3");
            return ssl;
        }

        @Override
        public void close() {
            if (tempDir != null) DevCertificates.deleteTree(tempDir);
        }
    }
}
