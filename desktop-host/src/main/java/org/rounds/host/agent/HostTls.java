package org.rounds.host.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The host's TLS toward brokers: it trusts only the broker CA it was given, and (once enrolled)
 * presents its own key and certificate. TLS 1.3 only, as the broker speaks.
 */
final class HostTls {
    private HostTls() {}

    /** Trusts only {@code caPem}; presents no certificate (enrolment). */
    static SSLContext trusting(Path caPem) {
        return context(null, caPem);
    }

    /** Trusts only {@code caPem} and presents the enrolled key and certificate (the control channel). */
    static SSLContext mutual(HostFiles files, Path caPem) {
        X509Certificate cert = certificate(files.certificate());
        PrivateKey key = privateKey(files.key());
        if (!cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm()))
            throw new HostAgentException("key " + files.key() + " does not belong to certificate " + files.certificate()
                    + ": remove both and enrol again with a new --enrol-code");
        return context(new OneKey(key, cert), caPem);
    }

    /** The SHA-256 of the certificate's DER encoding, 64 lower-case hex digits (a {@code DesktopAddress} pin). */
    static String pin(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot hash a certificate: " + e.getMessage(), e);
        }
    }

    static X509Certificate certificate(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (NoSuchFileException e) {
            throw new HostAgentException("certificate " + pem + " does not exist: check the path");
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new HostAgentException("certificate " + pem + " is not a PEM X.509 certificate: give the CA file the broker's admin handed out", e);
        }
    }

    private static PrivateKey privateKey(Path pem) {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(pem))) {
            Object o = p.readObject();
            if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) o = pair.getPrivateKeyInfo();   // "BEGIN EC PRIVATE KEY"
            if (!(o instanceof PrivateKeyInfo info)) throw new HostAgentException("key " + pem + " holds no PKCS#8 private key: enrol the host again");
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (IOException e) {
            throw new HostAgentException("key " + pem + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager keys, Path caPem) {
        X509Certificate ca = certificate(caPem);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("broker-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(keys == null ? null : new KeyManager[] {keys}, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS with the broker CA " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** Always offers the one enrolled key: the broker trusts exactly one CA, so there is nothing to choose. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "host";
        private final PrivateKey key;
        private final X509Certificate cert;

        OneKey(PrivateKey key, X509Certificate cert) {
            this.key = key;
            this.cert = cert;
        }

        @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return new String[] {ALIAS}; }

        @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) { return ALIAS; }

        @Override public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) { return ALIAS; }

        @Override public String[] getServerAliases(String keyType, Principal[] issuers) { return null; }

        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return null; }

        @Override public X509Certificate[] getCertificateChain(String alias) { return ALIAS.equals(alias) ? new X509Certificate[] {cert} : null; }

        @Override public PrivateKey getPrivateKey(String alias) { return ALIAS.equals(alias) ? key : null; }
    }
}
