package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.testpeers.SelfSigned;

/** The TLS that VeNCrypt starts on a viewer's socket. */
@Timeout(30)
class ServerTransportTest {
    private static final char[] NO_PASSWORD = new char[0];

    /**
     * A TLS 1.3 ticket that arrives with the VNC challenge hangs TigerVNC 1.12's vncviewer, so the
     * server sends none: after the handshake the viewer receives one record, the challenge's,
     * where a ticket would come first in a record of its own (about 600 bytes from the JDK).
     */
    @Test
    void aTls13ViewerIsSentNoSessionTicket() throws Exception {
        KeyStore server = SelfSigned.keyStore("server", "localhost", NO_PASSWORD, "127.0.0.1");
        SSLContext serverCtx = SelfSigned.serverContext(server, NO_PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(server);
        SSLContext viewerCtx = SSLContext.getInstance("TLS");
        viewerCtx.init(null, tmf.getTrustManagers(), null);

        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try (Socket s = listener.accept()) {
                    ServerTransport t = new ServerTransport(s);
                    t.startTls(serverCtx);
                    t.out().write(new byte[16]); // where the VNC challenge goes
                    t.out().flush();
                    t.in().u8(); // until the viewer has read it
                    return t.tls();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()) {
                    @Override
                    public InputStream getInputStream() throws IOException { return new TeeInputStream(super.getInputStream(), received); }
                };
                 SSLSocket viewer = (SSLSocket) viewerCtx.getSocketFactory().createSocket(raw, "127.0.0.1", raw.getPort(), true)) {
                viewer.setEnabledProtocols(new String[] {"TLSv1.3"});
                viewer.startHandshake();
                int handshake = received.size();
                assertThat(viewer.getInputStream().readNBytes(16)).hasSize(16);
                assertThat(recordLengths(received.toByteArray(), handshake)).as("lengths of the TLS records after the handshake").hasSize(1);
                viewer.getOutputStream().write(1);
                viewer.getOutputStream().flush();
                assertThat(served.get(20, TimeUnit.SECONDS)).startsWith("TLSv1.3 ");
            }
        }
    }

    /** The lengths of the TLS records in {@code bytes} from {@code from} on. */
    private static List<Integer> recordLengths(byte[] bytes, int from) {
        List<Integer> lengths = new ArrayList<>();
        for (int at = from; at + 5 <= bytes.length; at += 5 + lengths.get(lengths.size() - 1)) {
            lengths.add((bytes[at + 3] & 0xFF) << 8 | bytes[at + 4] & 0xFF);
        }
        return lengths;
    }

    /** What the viewer's TLS reads from the socket, also kept. */
    private static final class TeeInputStream extends FilterInputStream {
        private final ByteArrayOutputStream copy;

        TeeInputStream(InputStream in, ByteArrayOutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) copy.write(b);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) copy.write(b, off, n);
            return n;
        }
    }
}
