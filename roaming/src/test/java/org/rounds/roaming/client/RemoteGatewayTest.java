package org.rounds.roaming.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.RemoteSignIn;
import org.rounds.broker.api.RemoteSignInAnswer;
import org.rounds.testpeers.SelfSigned;
import org.rounds.testpeers.TunnelRelay;

/** An outside endpoint's sign-in and desktop tunnel against a fake gateway (MockWebServer over HTTPS). */
@Tag("unit")
@Timeout(30)
class RemoteGatewayTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static KeyStore gatewayKeys;
    @TempDir
    static Path dir;
    private static Path caFile;

    private final MockWebServer gateway = new MockWebServer();

    @BeforeAll
    static void certificate() throws Exception {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        gatewayKeys = SelfSigned.keyStore("gateway", "localhost", PASSWORD, "localhost", "127.0.0.1");
        caFile = dir.resolve("gateway-ca.pem");
        Files.writeString(caFile, SelfSigned.pem(gatewayKeys.getCertificate("gateway")));
    }

    @AfterEach
    void stop() throws IOException { gateway.shutdown(); }

    @Test
    void signsInWithUserPasswordAndCode() throws Exception {
        serveHttps();
        gateway.enqueue(new MockResponse().setBody("{\"userId\":\"dr.osei\",\"displayName\":\"Dr Kwame Osei\",\"tunnelTicket\":\"tk-1\","
                + "\"password\":\"otp-1\",\"pin\":\"" + "a".repeat(64) + "\",\"generation\":7,\"reconnectToken\":\"rt-1\"}"));
        try (RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(caFile))) {
            RemoteSignInAnswer a = gw.signIn(new RemoteSignIn("dr.osei", "correct horse", "123456", "mac-osei", "s-1"));
            assertThat(a.tunnelTicket()).isEqualTo("tk-1");
            assertThat(a.generation()).isEqualTo(7);
        }
        RecordedRequest r = gateway.takeRequest();
        assertThat(r.getPath()).isEqualTo(BrokerApi.REMOTE_SIGN_INS);
        assertThat(r.getBody().readUtf8()).contains("\"userId\":\"dr.osei\"", "\"password\":\"correct horse\"", "\"code\":\"123456\"",
                "\"deviceId\":\"mac-osei\"", "\"tapId\":\"s-1\"");
    }

    @Test
    void aRefusedSignInIsTheGatewaysOneLine() throws Exception {
        serveHttps();
        gateway.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"code already used: wait for the next one\"}"));
        try (RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(caFile))) {
            assertThatThrownBy(() -> gw.signIn(new RemoteSignIn("dr.osei", "pw", "123456", "mac-osei", "s-2")))
                    .isInstanceOfSatisfying(BrokerRejectedException.class, e -> assertThat(e.status()).isEqualTo(401))
                    .hasMessage("code already used: wait for the next one");
        }
    }

    @Test
    void aGatewayOutsideHttpsIsRefused() {
        assertThatThrownBy(() -> RemoteGateway.of("http://gateway.example:8080", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gateway http://gateway.example:8080 is not an https:// URL: outside the hospital every byte goes over TLS");
    }

    @Test
    void theTunnelIsOneByteStreamBothWaysAndEndsWhenTheGatewayCloses() throws Exception {
        serveHttps();
        CompletableFuture<String> received = new CompletableFuture<>();
        gateway.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onOpen(WebSocket ws, Response response) {
                ws.send(ByteString.encodeUtf8("RFB 003"));
                ws.send(ByteString.encodeUtf8(".008\n"));
            }

            @Override
            public void onMessage(WebSocket ws, ByteString bytes) {
                received.complete(bytes.utf8());
                ws.close(1000, "desktop handed over");
            }
        }));
        try (RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(caFile));
             Socket tunnel = gw.openTunnel("tk-2", Duration.ofSeconds(5))) {
            tunnel.setSoTimeout(5_000);
            InputStream in = tunnel.getInputStream();
            assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("RFB 003.008\n");
            tunnel.getOutputStream().write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("RFB 003.008\n");
            assertThat(in.read()).as("the gateway closed the tunnel").isEqualTo(-1);
        }
        RecordedRequest upgrade = gateway.takeRequest();
        assertThat(upgrade.getPath()).isEqualTo(BrokerApi.REMOTE_TUNNEL);
        assertThat(upgrade.getHeader(BrokerApi.TUNNEL_TICKET_HEADER)).isEqualTo("tk-2");
    }

    @Test
    void aSilentTunnelTimesOutLikeASocket() throws Exception {
        serveHttps();
        gateway.enqueue(new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
            @Override
            public void onClosing(WebSocket ws, int code, String reason) { ws.close(1000, null); }
        }));
        try (RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(caFile));
             Socket tunnel = gw.openTunnel("tk-3", Duration.ofSeconds(5))) {
            tunnel.setSoTimeout(300);
            assertThatThrownBy(() -> tunnel.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aRefusedTicketFailsTheOpenInOneLine() throws Exception {
        serveHttps();
        gateway.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"tunnel ticket unknown, used or expired\"}"));
        try (RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(caFile))) {
            assertThatThrownBy(() -> gw.openTunnel("tk-4", Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageStartingWith("the gateway " + gateway.url("/") + " refused the desktop tunnel: ")
                    .hasMessageNotContaining("\n");
        }
    }

    /**
     * What VeNCrypt does over the tunnel: TLS 1.3 from the endpoint to a server behind the
     * gateway, layered on the tunnel, end to end (the fake gateway relays bytes to a TLS server).
     */
    @Test
    void tlsRunsEndToEndOverTheTunnel() throws Exception {
        serveHttps();
        SSLContext serverTls = context(gatewayKeys, null);
        try (SSLServerSocket desktop = (SSLServerSocket) serverTls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> echoed = CompletableFuture.supplyAsync(() -> {
                try (Socket s = desktop.accept()) {
                    byte[] line = s.getInputStream().readNBytes(5);
                    s.getOutputStream().write(line);
                    s.getOutputStream().flush();
                    return ((SSLSocket) s).getSession().getProtocol();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            gateway.enqueue(new MockResponse().withWebSocketUpgrade(new TunnelRelay(desktop.getLocalPort())));
            try (RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(caFile));
                 Socket tunnel = gw.openTunnel("tk-5", Duration.ofSeconds(5))) {
                tunnel.setSoTimeout(5_000);
                SSLSocket tls = (SSLSocket) context(null, gatewayKeys).getSocketFactory().createSocket(tunnel, "127.0.0.1", 443, true);
                tls.setEnabledProtocols(new String[] {"TLSv1.3"});
                tls.startHandshake();
                tls.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().flush();
                assertThat(new String(tls.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
                assertThat(echoed.get(5, TimeUnit.SECONDS)).isEqualTo("TLSv1.3");
            }
        }
    }

    private void serveHttps() throws Exception {
        gateway.useHttps(context(gatewayKeys, null).getSocketFactory(), false);
    }

    private static SSLContext context(KeyStore keys, KeyStore trusted) throws Exception {
        SSLContext c = SSLContext.getInstance("TLS");
        KeyManagerFactory kmf = null;
        if (keys != null) {
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
        }
        TrustManagerFactory tmf = null;
        if (trusted != null) {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", trusted.getCertificate("gateway"));
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
        }
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        return c;
    }
}
