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
     * The server side of a TLS handshake on the socket: with {@code ctx}'s certificate over TLS 1.3
     * (X509Vnc), or, {@code ctx} null, anonymous Diffie-Hellman over TLS 1.2 (TLSVnc).
     */
    void startTls(SSLContext ctx) throws IOException {
        boolean anonymous = ctx == null;
        SSLContext c = anonymous ? AnonymousTls.context() : withoutSessionTickets(ctx);
        SSLSocket s = (SSLSocket) c.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
        s.setUseClientMode(false);
        if (anonymous) {
            s.setEnabledProtocols(new String[] {AnonymousTls.PROTOCOL});
            s.setEnabledCipherSuites(AnonymousTls.suites(s));
        } else {
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

    /**
     * No TLS 1.3 NewSessionTicket goes to a viewer. TigerVNC's vncviewer before 1.13 (Debian 12's
     * 1.12) hangs when the ticket and the VNC challenge reach it in one read: GnuTLS answers
     * E_AGAIN for the ticket and the viewer waits for a socket that never becomes readable again
     * (fixed in TigerVNC by "Don't trust GNUTLS_E_AGAIN"). Viewers never resume a session anyway.
     * The JDK sends no TLS 1.3 ticket when the session lifetime is over RFC 8446's seven days
     * (4.6.1). Only on TLS 1.3: the JDK's TLS 1.2 would promise a ticket in its ServerHello and
     * then not send it, which GnuTLS takes as "an unexpected TLS packet".
     */
    private static SSLContext withoutSessionTickets(SSLContext c) {
        if (c.getServerSessionContext().getSessionTimeout() <= NO_TICKET_TIMEOUT_S) {
            c.getServerSessionContext().setSessionTimeout(NO_TICKET_TIMEOUT_S + 1);
        }
        return c;
    }

    /** RFC 8446 4.6.1: "Servers MUST NOT use any value greater than 604800 seconds (7 days)". */
    private static final int NO_TICKET_TIMEOUT_S = 604_800;
}
