package org.rounds.display.client;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.rounds.display.internal.Pem;

/**
 * How the client decides to trust a VeNCrypt X509 server: a pinned SHA-256 certificate
 * fingerprint (the certificate itself is the identity; no chain or host name check), else the
 * CA certificates of a PEM file, else the JDK's default trust store, both with the host name
 * checked against the certificate as TigerVNC does.
 */
final class ServerTrust {
    private final Optional<Path> caFile;
    private final Optional<String> pinSha256;

    ServerTrust(Optional<Path> caFile, Optional<String> pinSha256) {
        this.caFile = caFile;
        this.pinSha256 = pinSha256;
    }

    /** True when the CA chain and host name decide (no pin). */
    boolean checksHostName() { return pinSha256.isEmpty(); }

    SSLContext context() throws IOException {
        try {
            X509TrustManager trust = pinSha256.isPresent() ? new Pinned(pinSha256.get()) : caTrust();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {trust}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private X509TrustManager caTrust() throws IOException, GeneralSecurityException {
        KeyStore store = null;
        if (caFile.isPresent()) {
            List<X509Certificate> cas = Pem.certificates(caFile.get());
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) store.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(store); // null: the JDK's cacerts
        for (TrustManager t : f.getTrustManagers()) if (t instanceof X509TrustManager x) return x;
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** The server's certificate is not the pinned one (as opposed to a chain or host name failure). */
    static final class PinMismatch extends CertificateException {
        PinMismatch(String message) { super(message); }
    }

    /** Accepts exactly the certificate whose SHA-256 is pinned; anything else ends the handshake. */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final String pin;

        Pinned(String pin) { this.pin = pin; }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("server sent no certificate");
            String got = Pem.sha256(chain[0]);
            if (!got.equals(pin)) {
                throw new PinMismatch("server certificate SHA-256 " + got + " does not match the pinned " + pin);
            }
        }

        @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException { checkServerTrusted(c, a); }

        @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException { checkServerTrusted(c, a); }

        @Override public void checkClientTrusted(X509Certificate[] c, String a) throws CertificateException { throw new CertificateException("not a server"); }

        @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) throws CertificateException { checkClientTrusted(c, a); }

        @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) throws CertificateException { checkClientTrusted(c, a); }

        @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}
