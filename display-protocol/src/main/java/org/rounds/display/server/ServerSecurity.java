package org.rounds.display.server;

import java.security.MessageDigest;
import java.util.Objects;
import org.rounds.display.internal.VncAuth;

/**
 * How an {@link RfbServer} admits viewers: no authentication, one-time passwords, one fixed
 * password (demos), or one of these VNC password checks inside VeNCrypt's TLS.
 */
public sealed interface ServerSecurity {

    static ServerSecurity none() { return new None(); }

    static ServerSecurity oneTimePasswords(PasswordBook book) { return new OneTime(Objects.requireNonNull(book)); }

    /** One password that admits any number of viewers; for demos, not for clinical use. */
    static ServerSecurity fixedPassword(String password) {
        if (password.isEmpty()) throw new IllegalArgumentException("an empty password admits anyone");
        return new Fixed(password);
    }

    /**
     * VeNCrypt (19) with {@code passwords} checked inside TLS: X509Vnc (261) over TLS 1.3 with
     * this certificate and key when {@code tls} is given, else TLSVnc (258), anonymous
     * Diffie-Hellman over TLS 1.2, which encrypts but proves nothing about the server (TigerVNC's
     * default; needs the JVM to allow anonymous suites). {@code tls} is VeNCrypt's alone: its
     * server sessions are made to outlive seven days, so that the JDK sends viewers no session
     * ticket (see ServerTransport).
     */
    static ServerSecurity veNCrypt(javax.net.ssl.SSLContext tls, ServerSecurity passwords) {
        if (passwords.type() != 2) throw new IllegalArgumentException("VeNCrypt here wraps VNC authentication (one-time or fixed passwords)");
        return new VeNCrypt(tls, passwords);
    }

    /** A TLS context for X509Vnc from PEM files: the certificate chain and its unencrypted PKCS#8 key. */
    static javax.net.ssl.SSLContext x509(java.nio.file.Path certificatePem, java.nio.file.Path keyPem) throws java.io.IOException {
        try {
            var chain = org.rounds.display.internal.Pem.certificates(certificatePem);
            var key = org.rounds.display.internal.Pem.privateKey(keyPem);
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, new char[0], chain.toArray(new java.security.cert.Certificate[0]));
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (java.security.GeneralSecurityException e) {
            throw new java.io.IOException("cannot use " + certificatePem + " with " + keyPem + ": " + e.getMessage(), e);
        }
    }

    /** RFB security type number offered. */
    int type();

    /** VNC auth check; consumes a one-time password on success. */
    boolean admits(byte[] challenge, byte[] response);

    /** The SecurityResult reason sent to a refused viewer. */
    default String refusal() { return "authentication failed"; }

    record None() implements ServerSecurity {
        public int type() { return 1; }

        public boolean admits(byte[] challenge, byte[] response) { return true; }
    }

    record OneTime(PasswordBook book) implements ServerSecurity {
        public int type() { return 2; }

        public boolean admits(byte[] challenge, byte[] response) { return book.consume(challenge, response); }

        public String refusal() { return "authentication failed: password wrong, already used or revoked"; }
    }

    /** VeNCrypt around VNC authentication; {@code tls} null: TLSVnc (anonymous), else X509Vnc. */
    record VeNCrypt(javax.net.ssl.SSLContext tls, ServerSecurity passwords) implements ServerSecurity {
        static final int TLS_VNC = 258, X509_VNC = 261;

        public int type() { return 19; }

        int subtype() { return tls == null ? TLS_VNC : X509_VNC; }

        public boolean admits(byte[] challenge, byte[] response) { return passwords.admits(challenge, response); }

        public String refusal() { return passwords.refusal(); }
    }

    /**
     * VNC authentication decided by a function of challenge and response: a {@link DesktopPort}
     * tries the live passwords of every desktop it serves and remembers which one matched.
     */
    record Check(java.util.function.BiPredicate<byte[], byte[]> check, String refusal) implements ServerSecurity {
        public int type() { return 2; }

        public boolean admits(byte[] challenge, byte[] response) { return check.test(challenge, response); }
    }

    record Fixed(String password) implements ServerSecurity {
        public int type() { return 2; }

        public boolean admits(byte[] challenge, byte[] response) {
            return MessageDigest.isEqual(VncAuth.response(challenge, password), response);
        }

        @Override
        public String toString() { return "Fixed[password hidden]"; }
    }
}
