package org.rounds.testpeers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS clients for tests that must trust exactly one CA, such as a broker's development CA. */
public final class PemTrust {
    private PemTrust() {}

    /** An SSL context that trusts the certificates in {@code pem} and nothing else (not the JDK's cacerts). */
    public static SSLContext only(Path pem) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trusting(pem), null);
        return context;
    }

    /** The trust manager of {@link #only} (for a client such as OkHttp that takes one beside the socket factory). */
    public static javax.net.ssl.X509TrustManager manager(Path pem) throws Exception {
        return (javax.net.ssl.X509TrustManager) trusting(pem)[0];
    }

    private static javax.net.ssl.TrustManager[] trusting(Path pem) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) trusted.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        return tmf.getTrustManagers();
    }

    /**
     * As {@link #only}, and presents the client certificate in {@code certificatePem} with the
     * PKCS#8 key in {@code keyPem} (an enrolled endpoint's {@code endpoint-key.pem} and {@code endpoint.pem}).
     */
    public static SSLContext withClientCertificate(Path pem, Path keyPem, Path certificatePem) throws Exception {
        String text = Files.readString(keyPem);
        String base64 = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----"));
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getMimeDecoder().decode(base64)));
        java.security.cert.Certificate[] chain;
        try (InputStream in = Files.newInputStream(certificatePem)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(java.security.cert.Certificate[]::new);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key, new char[0], chain);
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), trusting(pem), null);
        return context;
    }
}
