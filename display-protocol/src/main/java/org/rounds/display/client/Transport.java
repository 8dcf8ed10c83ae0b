package org.rounds.display.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.rounds.display.InsecureServerException;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.AnonymousTls;
import org.rounds.display.internal.RfbInput;

/**
 * The byte streams of one connection, which VeNCrypt replaces by TLS streams halfway through
 * the handshake. The raw socket stays the thing to close: closing it ends TLS reads too.
 */
final class Transport {
    private static final int BUFFER = 64 * 1024;

    private final Socket socket; // null for in-memory tests, which cannot start TLS
    private final String host;
    private InputStream buffered;
    private RfbInput in;
    private DataOutputStream out;
    private String tlsDescription = "";

    Transport(Socket socket, String host) throws IOException {
        this.socket = socket;
        this.host = host;
        wrap(socket.getInputStream(), socket.getOutputStream(), 0);
    }

    /** Streams only (tests): {@link #startTls} fails. */
    Transport(RfbInput in, DataOutputStream out) {
        this.socket = null;
        this.host = "";
        this.in = in;
        this.out = out;
    }

    RfbInput in() { return in; }

    DataOutputStream out() { return out; }

    /** From here on (after the handshake) every byte the client reads is also copied into {@code recording}. */
    RecordingInputStream record(org.rounds.display.fbs.FbsWriter recording) {
        RecordingInputStream r = new RecordingInputStream(buffered, recording);
        in = new RfbInput(r, in.offset());
        return r;
    }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384" once TLS is up, else empty. */
    String tlsDescription() { return tlsDescription; }

    private void wrap(InputStream i, OutputStream o, long offset) {
        buffered = new BufferedInputStream(i, BUFFER);
        in = new RfbInput(buffered, offset);
        out = new DataOutputStream(new BufferedOutputStream(o));
    }

    /**
     * Runs a TLS client handshake over the socket. Anonymous: TLS 1.2 anonymous DH suites only.
     * Otherwise the context's trust manager decides, and {@code checkHostName} adds the host name check.
     * A refused certificate is an {@link RfbAuthException} with the reason on one line.
     */
    void startTls(SSLContext ctx, boolean anonymous, boolean checkHostName) throws IOException {
        if (socket == null) throw new IllegalStateException("this transport cannot start TLS");
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
        tls.setUseClientMode(true);
        if (anonymous) {
            tls.setEnabledProtocols(new String[] {AnonymousTls.PROTOCOL});
            tls.setEnabledCipherSuites(AnonymousTls.suites(tls));
        } else if (checkHostName) {
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(p);
        }
        try {
            tls.startHandshake();
        } catch (SSLException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            if (root instanceof ServerTrust.PinMismatch) {
                throw new InsecureServerException(InsecureServerException.Why.CERTIFICATE_MISMATCH, describe(e, anonymous));
            }
            throw new RfbAuthException(describe(e, anonymous));
        }
        tlsDescription = tls.getSession().getProtocol() + " " + tls.getSession().getCipherSuite();
        wrap(tls.getInputStream(), tls.getOutputStream(), in.offset());
    }

    private static String describe(SSLException e, boolean anonymous) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        if (root instanceof CertificateException || e.getMessage() != null && e.getMessage().contains("PKIX")) {
            return "server certificate rejected: " + root.getMessage();
        }
        if (anonymous && !AnonymousTls.available()) return AnonymousTls.unavailableReason();
        return "TLS handshake with the server failed: " + e.getMessage();
    }
}
