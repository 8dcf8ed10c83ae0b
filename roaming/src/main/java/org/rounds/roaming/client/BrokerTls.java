package org.rounds.roaming.client;

import org.rounds.broker.api.OneLine;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
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
        return choose(preferConscrypt, trust, null);
    }

    /** {@code keys}: the endpoint's client certificate for mutual TLS, or null to present none. */
    static Choice choose(boolean preferConscrypt, X509TrustManager trust, javax.net.ssl.X509KeyManager keys) {
        javax.net.ssl.KeyManager[] km = keys == null ? null : new javax.net.ssl.KeyManager[] {keys};
        X509TrustManager checked = trust != null ? trust : jdkTrust();
        if (preferConscrypt) {
            try {
                return new Choice(conscrypt(checked, km), checked, "Conscrypt");
            } catch (LinkageError | GeneralSecurityException | RuntimeException e) {
                // No native build for this platform (e.g. linux-aarch64), or a broken install.
                log.info("Conscrypt TLS is not available here ({}); using the JDK's TLS", OneLine.withRootCause(e));
            }
        }
        try {
            SSLContext jdk = SSLContext.getInstance("TLS");
            jdk.init(km, new TrustManager[] {checked}, null);
            return new Choice(jdk, checked, jdk.getProvider().getName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS: " + OneLine.withRootCause(e), e);
        }
    }

    private static SSLContext conscrypt(X509TrustManager trust, javax.net.ssl.KeyManager[] keys) throws GeneralSecurityException {
        if (!org.conscrypt.Conscrypt.isAvailable()) {
            throw new GeneralSecurityException("its native library did not load on " + System.getProperty("os.arch"));
        }
        Provider provider = org.conscrypt.Conscrypt.newProvider();
        SSLContext context = SSLContext.getInstance("TLS", provider);
        context.init(keys, new TrustManager[] {new Tls13AuthType(trust)}, null);
        return context;
    }

    /**
     * Conscrypt (BoringSSL) names a TLS 1.3 handshake's auth type "GENERIC"; the JDK's trust
     * manager knows only "UNKNOWN" for it and refuses every certificate issued by a CA (a
     * self-signed one escapes the check), so a broker with a real chain failed the handshake.
     * Netty maps the name the same way (netty-incubator-codec-quic pull 816).
     */
    static final class Tls13AuthType extends X509ExtendedTrustManager {
        private final X509TrustManager trust;

        Tls13AuthType(X509TrustManager trust) {
            this.trust = trust;
        }

        private static String jdkName(String authType) {
            return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            if (trust instanceof X509ExtendedTrustManager x) x.checkServerTrusted(chain, jdkName(authType), socket);
            else trust.checkServerTrusted(chain, jdkName(authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            if (trust instanceof X509ExtendedTrustManager x) x.checkServerTrusted(chain, jdkName(authType), engine);
            else trust.checkServerTrusted(chain, jdkName(authType));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkServerTrusted(chain, jdkName(authType));
        }

        // A broker client never checks client certificates.
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a broker client does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a broker client does not accept client certificates");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a broker client does not accept client certificates");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trust.getAcceptedIssuers();
        }
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
            throw new IllegalStateException("cannot read the JDK's trust store: " + OneLine.withRootCause(e), e);
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
