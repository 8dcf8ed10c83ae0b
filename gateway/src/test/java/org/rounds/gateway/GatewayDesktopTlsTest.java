package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.DesktopTls;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.display.InsecureServerException;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.SelfSigned;

/**
 * {@code --desktop-tls gateway}: the gateway speaks VeNCrypt X509Vnc to a real RFB server
 * (display-protocol's, in process) checked against the broker's pin, and the outside device
 * speaks RFB with security None through the tunnel. Beside it, the default gateway (end to end)
 * in front of a host offering None: a device configured as outside devices are refuses it.
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayDesktopTlsTest {
    private static final String PASSWORD = "k7Qp2xWz";
    private static final String TICKET = "tkt_gateway-ends-tls-0000001";
    @TempDir static Path dir;
    static FakeBroker broker;
    static Gateway endsTls, endToEnd;
    static Outside outsideEndsTls, outsideEndToEnd;
    static SSLContext hostTls;
    static String pin;
    final TestDesktop desktop = new TestDesktop(200, 120);
    RfbServer server;
    CountingPort host;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = new TestCa();
        Path caFile = ca.write(dir.resolve("broker-ca.pem"));
        broker = new FakeBroker(ca);
        Path data = dir.resolve("gateway");
        endToEnd = Gateways.start(data, caFile, broker, GatewayLimits.DEFAULT, broker.url());
        endsTls = Gateway.builder().bind("127.0.0.1").port(0).brokers(List.of(URI.create(broker.url()))).brokerCa(caFile).data(data)
                .desktopTls(DesktopTls.GATEWAY).build().start();
        outsideEndToEnd = new Outside(endToEnd, data);
        outsideEndsTls = new Outside(endsTls, data);
        KeyStore ks = SelfSigned.keyStore("host", "host-a", "changeit".toCharArray());
        hostTls = SelfSigned.serverContext(ks, "changeit".toCharArray());
        pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ks.getCertificate("host").getEncoded()));
    }

    @AfterAll
    static void stop() {
        outsideEndsTls.close();
        outsideEndToEnd.close();
        endsTls.close();
        endToEnd.close();
        broker.close();
    }

    @BeforeEach
    void clear() {
        broker.tickets.clear();
    }

    @AfterEach
    void close() throws Exception {
        if (host != null) host.close();
        if (server != null) server.close();
    }

    private void serve(ServerSecurity security) throws Exception {
        server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop).security(security).build();
        server.start();
        host = new CountingPort(server.port());
    }

    @Test
    void theDesktopThroughAGatewayThatEndsItsTlsIsPixelExactOverSecurityNone() throws Exception {
        serve(ServerSecurity.veNCrypt(hostTls, ServerSecurity.fixedPassword(PASSWORD)));
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor", pin, PASSWORD));
        try (TunnelBridge bridge = new TunnelBridge(outsideEndsTls.http, outsideEndsTls.base, TICKET)) {
            TunnelBridge.Upgrade up = bridge.opened.get(10, TimeUnit.SECONDS);
            assertThat(up.status()).isEqualTo(101);
            assertThat(up.desktopTls()).isEqualTo("gateway");
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(bridge.port()).securityNoneOnly().encodings(List.of("zrle", "raw"))
                    .connectTimeout(Duration.ofSeconds(5)).build().connect(new RfbListener() {})) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                assertThat(s.desktopName()).isEqualTo("desktop behind the gateway");
                assertThat(pixels(s)).isEqualTo(desktop.pixels());
                desktop.paint(20, 30, 100, 50, 0xFF11AA33);
                Await.until(Duration.ofSeconds(10), "the painted rectangle through the tunnel", () -> java.util.Arrays.equals(pixels(s), desktop.pixels()));
            }
            assertThat(bridge.closedBy.get(10, TimeUnit.SECONDS)).isNotNull();
        }
        Await.until(Duration.ofSeconds(10), "the tunnel and its host connection closed", () -> endsTls.openTunnels() == 0 && host.open.get() == 0);
    }

    @Test
    void aHostWhoseCertificateIsNotThePinnedOneIsRefusedInOneLine() throws Exception {
        serve(ServerSecurity.veNCrypt(hostTls, ServerSecurity.fixedPassword(PASSWORD)));
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor", "0".repeat(63) + "1", PASSWORD));
        Outside.Answer a = outsideEndsTls.upgrade(TICKET);
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body()).startsWith("{\"error\":\"the desktop host's certificate (SHA-256 " + pin.substring(0, 16))
                .endsWith("does not match the broker's pin 0000000000000000…: refused\"}").doesNotContain("\\n");
        // the host counts the connection from its accept until it sees it closed, which may come just after the 502
        Await.until(Duration.ofSeconds(10), "the refused connection closed at the host", () -> server.viewerCount() == 0);
        assertThat(endsTls.openTunnels()).isZero();
    }

    @Test
    void aSilentHostTimesOutWith502InOneLineAndTheLogNeverHoldsThePassword() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.rounds.gateway");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", silent.getLocalPort(), "dr-silent", pin, PASSWORD));
            long started = System.nanoTime();
            Outside.Answer a = outsideEndsTls.upgrade(TICKET);
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertThat(a.status()).isEqualTo(502);
            assertThat(a.body()).isEqualTo("{\"error\":\"the desktop host did not finish the RFB handshake within 3000 ms\"}");
            assertThat(ms).as("the deadline, not the outside client's read timeout").isBetween(2_500L, 10_000L);
        } finally {
            logger.detachAppender(lines);
        }
        String log = String.join("\n", lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList());
        assertThat(log).contains("dr-silent").contains("did not finish the RFB handshake").doesNotContain(PASSWORD).doesNotContain(TICKET);
        assertThat(endsTls.openTunnels()).isZero();
    }

    @Test
    void aHostWithoutVeNCryptAWrongPasswordAndATicketWithoutPinAreEach502InOneLine() throws Exception {
        serve(ServerSecurity.none());
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor", pin, PASSWORD));
        assertThat(outsideEndsTls.upgrade(TICKET)).extracting(Outside.Answer::status, Outside.Answer::body)
                .containsExactly(502, "{\"error\":\"the desktop host offers no VeNCrypt (security types [1]): refused\"}");
        server.close();
        host.close();
        serve(ServerSecurity.veNCrypt(hostTls, ServerSecurity.fixedPassword(PASSWORD)));
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor", pin, "not-it-1"));
        Outside.Answer wrong = outsideEndsTls.upgrade(TICKET);
        assertThat(wrong.status()).isEqualTo(502);
        assertThat(wrong.body()).startsWith("{\"error\":\"the desktop host refused the session's one-time password: ").endsWith("; sign in again\"}")
                .doesNotContain("not-it-1");
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor"));   // what a broker older than the gateway redeems
        assertThat(outsideEndsTls.upgrade(TICKET)).extracting(Outside.Answer::status, Outside.Answer::body).containsExactly(502,
                "{\"error\":\"the broker gave no host certificate pin or desktop password with the ticket (a broker older than the gateway?)\"}");
        assertThat(endsTls.openTunnels()).isZero();
    }

    @Test
    void endToEndADeviceOfferedNoneThroughTheTunnelRefusesIt() throws Exception {
        serve(ServerSecurity.none());   // whoever answers in the host's place on the inside network
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor", pin, PASSWORD));
        try (TunnelBridge bridge = new TunnelBridge(outsideEndToEnd.http, outsideEndToEnd.base, TICKET)) {
            TunnelBridge.Upgrade up = bridge.opened.get(10, TimeUnit.SECONDS);
            assertThat(up.status()).isEqualTo(101);
            assertThat(up.desktopTls()).isEqualTo("end-to-end");
            // configured as an outside device is when its gateway says end-to-end (RfbDesktopDisplay)
            RfbClient device = RfbClient.builder().host("127.0.0.1").port(bridge.port()).password(PASSWORD).pinSha256(pin).x509VncOnly()
                    .connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> device.connect(new RfbListener() {}).close())
                    .isInstanceOf(InsecureServerException.class).hasMessage("server offers no encryption (None(1))");
        }
        Await.until(Duration.ofSeconds(10), "the refused tunnel closed at the host too", () -> server.viewerCount() == 0 && endToEnd.openTunnels() == 0);
    }

    private static int[] pixels(RfbSession s) {
        synchronized (s.framebuffer()) {
            return s.framebuffer().copyPixels();
        }
    }
}
