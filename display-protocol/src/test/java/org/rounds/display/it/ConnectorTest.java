package org.rounds.display.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbSession;
import org.rounds.display.internal.Pem;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.SelfSigned;

/**
 * A session over a socket the caller opens (a gateway's tunnel): VeNCrypt X509Vnc, with the pin
 * checked, runs over a socket that is only a pair of streams, and the desktop arrives pixel-exact.
 */
@Tag("unit")
@Timeout(30)
class ConnectorTest {
    private static final char[] NO_PASSWORD = new char[0];

    @Test
    void x509VncRunsOverASocketThatIsOnlyStreams() throws Exception {
        KeyStore keys = SelfSigned.keyStore("host", "host-a", NO_PASSWORD, "10.77.0.5");
        SSLContext tls = SelfSigned.serverContext(keys, NO_PASSWORD);
        String pin = Pem.sha256((X509Certificate) keys.getCertificate("host"));
        TestDesktop desktop = new TestDesktop(160, 120);
        AtomicInteger opened = new AtomicInteger();
        try (RfbServer server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.veNCrypt(tls, ServerSecurity.fixedPassword("ward7tls"))).build()) {
            server.start();
            RfbClient client = RfbClient.builder().host("10.77.0.5").port(5901).password("ward7tls").pinSha256(pin).x509VncOnly()
                    .encodings(List.of("zrle")).connector(timeout -> {
                        opened.incrementAndGet();
                        return new StreamsOnly(new Socket(InetAddress.getLoopbackAddress(), server.port()));
                    }).build();
            try (RfbSession s = client.connect(new RecordingListener())) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(5))).isTrue();
                assertThat(s.security()).startsWith("VeNCrypt X509Vnc(261) TLSv1.3");
                assertThat(Screens.differing(Screens.rgb(s.framebuffer().copyPixels()), Screens.rgb(desktop.fb.copyPixels()))).isZero();
            }
        }
        assertThat(opened).hasValue(1);
    }

    /** A socket whose only working parts are its streams, timeout and close, as a tunnel's are. */
    private static final class StreamsOnly extends Socket {
        private final Socket inner;

        StreamsOnly(Socket inner) { this.inner = inner; }

        @Override
        public InputStream getInputStream() throws IOException { return inner.getInputStream(); }

        @Override
        public OutputStream getOutputStream() throws IOException { return inner.getOutputStream(); }

        @Override
        public void setSoTimeout(int timeout) throws SocketException { inner.setSoTimeout(timeout); }

        @Override
        public boolean isConnected() { return true; }

        @Override
        public boolean isClosed() { return inner.isClosed(); }

        @Override
        public InetAddress getInetAddress() { return null; }

        @Override
        public synchronized void close() throws IOException { inner.close(); }
    }
}
