package org.rounds.display.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.rounds.display.RfbAuthException;
import org.rounds.display.internal.AnonymousTls;
import org.rounds.display.internal.RfbInput;

/**
 * A viewer connection's streams, which VeNCrypt replaces by TLS ones halfway through the
 * handshake; everything after (ClientInit, updates, input) then goes over TLS. Closing the raw
 * socket closes both.
 */
final class ServerTransport {
    private final Socket socket;
    private InputStream rawIn;
    private InputStream bufferedIn;
    private OutputStream rawOut;
    private RfbInput in;
    private DataOutputStream out;
    private String tls = "";

    ServerTransport(Socket socket) throws IOException {
        this.socket = socket;
        wrap(socket.getInputStream(), socket.getOutputStream(), 0);
    }

    RfbInput in() { return in; }

    DataOutputStream out() { return out; }

    /** The buffered input under {@link #in()}: a relay pumps from it, so bytes read ahead are not lost. */
    InputStream bufferedIn() { return bufferedIn; }

    /** The unbuffered output the writer thread sends whole updates to. */
    OutputStream rawOut() { return rawOut; }

    /** "TLSv1.3 TLS_AES_256_GCM_SHA384" once TLS is up, else empty. */
    String tls() { return tls; }

    private void wrap(InputStream i, OutputStream o, long offset) {
        rawIn = i;
        rawOut = o;
        bufferedIn = new BufferedInputStream(i);
        in = new RfbInput(bufferedIn, offset);
        out = new DataOutputStream(new BufferedOutputStream(o));
    }

    /**
     * The server side of a TLS handshake on the socket; {@code ctx} null means anonymous
     * Diffie-Hellman (TLSVnc); {@code tls13Only} refuses a client that cannot do TLS 1.3.
     */
    void startTls(SSLContext ctx, boolean tls13Only) throws IOException {
        boolean anonymous = ctx == null;
        SSLContext c = anonymous ? AnonymousTls.context() : ctx;
        SSLSocket s = (SSLSocket) c.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        s.setUseClientMode(false);
        if (anonymous) {
            s.setEnabledProtocols(new String[] {AnonymousTls.PROTOCOL});
            s.setEnabledCipherSuites(AnonymousTls.suites(s));
        } else if (tls13Only) {
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
        }
        try {
            s.startHandshake();
        } catch (SSLException e) {
            throw new RfbAuthException("TLS handshake with the viewer failed: " + e.getMessage());
        }
        tls = s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
        wrap(s.getInputStream(), s.getOutputStream(), in.offset());
    }
}
