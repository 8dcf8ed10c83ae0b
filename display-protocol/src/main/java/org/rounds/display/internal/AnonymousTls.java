package org.rounds.display.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

/**
 * Anonymous Diffie-Hellman TLS, which VeNCrypt's TLSNone/TLSVnc/TLSPlain need (TigerVNC's Xvnc
 * offers TLSVnc by default). The JDK supports the TLS 1.2 {@code TLS_DH_anon_*} suites but
 * disables them through the {@code jdk.tls.disabledAlgorithms} security property ("anon"), and
 * that property is read once, when the JVM first uses TLS, and applies on top of any per-socket
 * constraints. So anonymous TLS works only in a JVM started with that property relaxed, e.g.
 * {@code -Djava.security.properties=anon-tls.security} with a line
 * {@code jdk.tls.disabledAlgorithms=SSLv3, TLSv1, TLSv1.1, DTLSv1.0, RC4, DES, MD5withRSA,
 * DH keySize < 2048, EC keySize < 224, 3DES_EDE_CBC, NULL} (no "anon"). The anonymous suites are
 * never enabled by default on other sockets, so relaxing it changes nothing for other TLS users.
 */
public final class AnonymousTls {
    public static final String PROTOCOL = "TLSv1.2"; // TLS 1.3 has no anonymous key exchange

    private AnonymousTls() {}

    /** The {@code TLS_DH_anon_*} suites this JDK implements (ECDH_anon too), strongest first. */
    public static String[] suites(SSLEngine e) {
        return Arrays.stream(e.getSupportedCipherSuites()).filter(s -> s.contains("_anon_")).toArray(String[]::new);
    }

    public static String[] suites(javax.net.ssl.SSLSocket s) {
        return Arrays.stream(s.getSupportedCipherSuites()).filter(c -> c.contains("_anon_")).toArray(String[]::new);
    }

    /** A context for anonymous TLS (no key or trust managers are consulted). */
    public static SSLContext context() {
        try {
            SSLContext ctx = SSLContext.getInstance(PROTOCOL);
            ctx.init(null, null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no " + PROTOCOL, e);
        }
    }

    /** True when this JVM may actually negotiate an anonymous suite (tries to start a handshake in memory). */
    public static boolean available() {
        try {
            SSLEngine e = context().createSSLEngine();
            e.setUseClientMode(true);
            e.setEnabledProtocols(new String[] {PROTOCOL});
            String[] anon = suites(e);
            if (anon.length == 0) return false;
            e.setEnabledCipherSuites(anon);
            e.beginHandshake();
            e.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(e.getSession().getPacketBufferSize()));
            return true;
        } catch (SSLException | IllegalArgumentException disabled) {
            return false;
        }
    }

    /** The one-line reason shown when a server only offers anonymous TLS and this JVM forbids it. */
    public static String unavailableReason() {
        return "anonymous TLS (VeNCrypt TLS* sub-types) is disabled in this JVM by jdk.tls.disabledAlgorithms=\"anon\"; "
                + "use an X509 sub-type on the server or start Java with a security property file that removes \"anon\"";
    }
}
