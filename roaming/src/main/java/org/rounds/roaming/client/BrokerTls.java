package org.rounds.roaming.client;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the TLS implementation for broker calls: Conscrypt (BoringSSL) where its native
 * library loads, else the JDK's. Conscrypt is handed to OkHttp as an SSLContext only and never
 * installed as a JVM-wide provider: inserting it after the JDK's TLS was first used breaks the
 * JDK's TLS in the same JVM (conscrypt issue 835), and other code here may use JDK TLS.
 */
final class BrokerTls {
    private static final Logger log = LoggerFactory.getLogger(BrokerTls.class);

    private BrokerTls() {}

    /** The context to use and the trust manager it checks servers with; {@code provider} names it for logs. */
    record Choice(SSLContext context, X509TrustManager trust, String provider) {}

    static Choice choose(boolean preferConscrypt, X509TrustManager trust) {
        X509TrustManager checked = trust != null ? trust : jdkTrust();
        if (preferConscrypt) {
            try {
                return new Choice(conscrypt(checked), checked, "Conscrypt");
            } catch (LinkageError | GeneralSecurityException | RuntimeException e) {
                // No native build for this platform (e.g. linux-aarch64), or a broken install.
                log.info("Conscrypt TLS is not available here ({}); using the JDK's TLS", BrokerClient.oneLine(e));
            }
        }
        try {
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(null, new TrustManager[] {checked}, null);
            return new Choice(jdk, checked, jdk.getProvider().getName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + BrokerClient.oneLine(e), e);
        }
    }

    private static SSLContext conscrypt(X509TrustManager trust) throws GeneralSecurityException {
        if (!org.conscrypt.Conscrypt.isAvailable()) {
            throw new GeneralSecurityException("its native library did not load on " + System.getProperty("os.arch"));
        }
        Provider provider = org.conscrypt.Conscrypt.newProvider();
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(null, new TrustManager[] {trust}, null);
        return context;
    }

    /** The JDK's default trust store (cacerts, or javax.net.ssl.trustStore when set). */
    static X509TrustManager jdkTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers())
                    .filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                    .findFirst().orElseThrow(() -> new IllegalStateException("the JDK has no X.509 trust manager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's trust store: " + BrokerClient.oneLine(e), e);
        }
    }

    /** Trust in the CA certificates of a PEM file; one line naming the file when it holds none or cannot be read. */
    static X509TrustManager trustFrom(java.nio.file.Path pem) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
            java.util.Collection<? extends java.security.cert.Certificate> certs =
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) throw new IllegalArgumentException("CA file " + pem + " holds no certificate");
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (java.security.cert.Certificate c : certs) store.setCertificateEntry("ca-" + i++, c);
            javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (javax.net.ssl.TrustManager tm : f.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) return x;
            }
            throw new IllegalStateException("no X.509 trust manager in this JDK");
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("CA file " + pem + " cannot be read as PEM certificates: " + e.getMessage(), e);
        }
    }
}
