package org.rounds.roaming.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.net.Socket;
import java.security.Principal;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.X509KeyManager;

/**
 * The endpoint's client certificate for mutual TLS: its key ({@code endpoint-key.pem}, PKCS#8
 * PEM, EC or RSA) and the certificate chain the broker CA issued ({@code endpoint.pem}), as a
 * KeyManager for either TLS provider (the JDK's or Conscrypt). Read with the JDK alone.
 */
final class ClientCertificate {
    private ClientCertificate() {}

    /** One line naming the file when the key or the certificate cannot be read. */
    static X509KeyManager keyManager(Path keyPem, Path certificatePem) {
        PrivateKey key = privateKey(keyPem);
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certificatePem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IllegalArgumentException("certificate file " + certificatePem + " holds no certificate");
            chain = certs.toArray(Certificate[]::new);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate file " + certificatePem + " cannot be read: " + e.getMessage(), e);
        }
        if (!chain[0].getPublicKey().getAlgorithm().equals(key.getAlgorithm()))
            throw new IllegalArgumentException("key file " + keyPem + " does not belong to certificate " + certificatePem + ": enrol again");
        X509Certificate[] x509 = java.util.Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        return new OneKey(key, x509);
    }

    /**
     * Always offers the one enrolled key. The JDK's own key managers filter by key-type names and
     * issuer lists that Conscrypt and the JDK spell differently (as with the TLS 1.3 auth type in
     * BrokerTls); the broker trusts exactly one CA, so there is nothing to choose.
     */
    static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "endpoint";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain.clone();
        }

        @Override public String[] getClientAliases(String keyType, Principal[] issuers) { return new String[] {ALIAS}; }

        @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) { return ALIAS; }

        @Override public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) { return ALIAS; }

        @Override public String[] getServerAliases(String keyType, Principal[] issuers) { return null; }

        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) { return null; }

        @Override public X509Certificate[] getCertificateChain(String alias) { return ALIAS.equals(alias) ? chain.clone() : null; }

        @Override public PrivateKey getPrivateKey(String alias) { return ALIAS.equals(alias) ? key : null; }
    }

    private static PrivateKey privateKey(Path pem) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("key file " + pem + " cannot be read: " + e.getMessage(), e);
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----"), end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) throw new IllegalArgumentException("key file " + pem + " holds no PKCS#8 PEM private key (BEGIN PRIVATE KEY)");
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key file " + pem + " is not valid base64 PEM");
        }
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("key file " + pem + " holds neither an EC nor an RSA key");
    }
}
