package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.Await;

/**
 * The desktop stream through the gateway: a real RFB server behind it (display-protocol's, in
 * process), our RFB client in front through a loopback-to-WebSocket bridge, as an outside device.
 */
@Tag("unit")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TunnelTest {
    private static final String TICKET = "tkt_Zq3v9W1xY7aB2cD4eF6gH8iJ0kL", TICKET_TWO = "tkt_second-ticket-00000001";
    @TempDir static Path dir;
    static FakeBroker broker;
    static Path caFile, data;
    static Gateway gateway;
    static Outside outside;
    final TestDesktop desktop = new TestDesktop(240, 160);
    RfbServer server;
    CountingPort host;

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = new TestCa();
        caFile = ca.write(dir.resolve("broker-ca.pem"));
        broker = new FakeBroker(ca);
        data = dir.resolve("gateway");
        gateway = Gateways.start(data, caFile, broker, GatewayLimits.DEFAULT, broker.url());
        outside = new Outside(gateway, data);
    }

    @AfterAll
    static void stop() {
        outside.close();
        gateway.close();
        broker.close();
    }

    @BeforeEach
    void desktop() throws Exception {
        server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop).security(ServerSecurity.none()).build();
        server.start();
        host = new CountingPort(server.port());
        broker.tickets.clear();
        broker.seen.clear();
    }

    @AfterEach
    void close() throws Exception {
        host.close();
        server.close();
    }

    @Test
    void theClientThroughTheTunnelShowsTheDesktopPixelForPixelAndFollowsItsChanges() throws Exception {
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor"));
        try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, TICKET)) {
            TunnelBridge.Upgrade up = bridge.opened.get(10, TimeUnit.SECONDS);
            assertThat(up.status()).isEqualTo(101);
            assertThat(up.protocol()).isEqualTo("binary");
            try (RfbSession s = RfbClient.builder().host("127.0.0.1").port(bridge.port()).encodings(List.of("zrle", "raw"))
                    .connectTimeout(Duration.ofSeconds(5)).build().connect(new RfbListener() {})) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                assertThat(s.desktopName()).isEqualTo("desktop behind the gateway");
                assertThat(pixels(s)).isEqualTo(desktop.pixels());

                desktop.paint(30, 40, 120, 70, 0xFFCC3300);
                Await.until(Duration.ofSeconds(10), "the painted rectangle through the tunnel",
                        () -> java.util.Arrays.equals(pixels(s), desktop.pixels()));
            }
            assertThat(bridge.closedBy.get(10, TimeUnit.SECONDS)).as("the viewer left, so the desktop closed, so the gateway closed").isNotNull();
        }
        Await.until(Duration.ofSeconds(10), "the tunnel and its host connection closed", () -> gateway.openTunnels() == 0 && host.open.get() == 0);
        assertThat(host.accepted.get()).isEqualTo(1);
        assertThat(broker.seen(BrokerApi.REMOTE_TUNNELS)).singleElement().satisfies(s -> {
            assertThat(s.body()).isEqualTo("{\"ticket\":\"" + TICKET + "\"}");
            assertThat(s.client()).isEqualTo("gw-test");
            assertThat(s.outsideSource()).isEqualTo("127.0.0.1");
        });
    }

    @Test
    void whenTheDesktopHostClosesTheOutsideWebSocketClosesAndOneLineSaysWhoAndWhenceNeverTheTicket() throws Exception {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Tunnel.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> lines = new ch.qos.logback.core.read.ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "dr-closing"));
            try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, TICKET);
                 RfbSession s = RfbClient.builder().host("127.0.0.1").port(bridge.port()).connectTimeout(Duration.ofSeconds(5)).build()
                         .connect(new RfbListener() {})) {
                assertThat(s.awaitFirstFrame(Duration.ofSeconds(10))).isTrue();
                server.closeViewers();   // the host ends the session (a takeover, say)
                assertThat(bridge.closedBy.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            }
            Await.until(Duration.ofSeconds(5), "the tunnel gone", () -> gateway.openTunnels() == 0);
        } finally {
            logger.detachAppender(lines);
        }
        List<String> mine = lines.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains("dr-closing")).toList();
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0)).isEqualTo("tunnel opened for user dr-closing from 127.0.0.1 to 127.0.0.1:" + host.port());
        assertThat(mine.get(1)).startsWith("tunnel closed for user dr-closing from 127.0.0.1 after ").endsWith(": the desktop host closed");
        assertThat(String.join("\n", mine)).doesNotContain(TICKET);
    }

    @Test
    void aTicketTheBrokerRefusesNeverReachesTheDesktopHost() throws Exception {
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor"));
        try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, "tkt_someone-elses-or-used-0000")) {
            TunnelBridge.Upgrade up = bridge.opened.get(10, TimeUnit.SECONDS);
            assertThat(up.status()).as("the broker's 404, passed back").isEqualTo(404);
        }
        assertThat(broker.seen(BrokerApi.REMOTE_TUNNELS)).hasSize(1);
        assertThat(host.accepted.get()).as("TCP connections the desktop host saw").isZero();
        assertThat(gateway.openTunnels()).isZero();
    }

    @Test
    void theSubprotocolIsBinaryWhereverItIsOfferedAndAnOfferWithoutItIsRefused() throws Exception {
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", host.port(), "doctor"));
        try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, TICKET, "base64, binary")) {
            assertThat(bridge.opened.get(10, TimeUnit.SECONDS)).extracting(TunnelBridge.Upgrade::status, TunnelBridge.Upgrade::protocol)
                    .containsExactly(101, "binary");
        }
        try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, TICKET_TWO, "base64")) {
            assertThat(bridge.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(400);
        }
        assertThat(broker.seen(BrokerApi.REMOTE_TUNNELS)).as("the refused offer asked no broker").hasSize(1);
    }

    @Test
    void aDesktopHostThatDoesNotAnswerIs502InOneLine() throws Exception {
        broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", Gateways.closedPort(), "doctor"));
        broker.tickets.put(TICKET_TWO, new TunnelTarget("127.0.0.1", Gateways.closedPort(), "doctor"));
        try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, TICKET)) {
            assertThat(bridge.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(502);
        }
        Outside.Answer a = outside.upgrade(TICKET_TWO);
        assertThat(a.status()).isEqualTo(502);
        assertThat(a.body()).isEqualTo("{\"error\":\"the desktop host of this session does not answer; try again in a minute\"}");
        assertThat(gateway.openTunnels()).isZero();
    }

    @Test
    void aTextFrameClosesTheTunnelWith1003() throws Exception {
        // a host that says nothing (the kernel completes the TCP handshake): no RFB bytes wait for a viewer in the bridge
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            broker.tickets.put(TICKET, new TunnelTarget("127.0.0.1", silent.getLocalPort(), "doctor"));
            try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, TICKET)) {
                assertThat(bridge.opened.get(10, TimeUnit.SECONDS).status()).isEqualTo(101);
                bridge.webSocket().send("RFB 003.008\n");
                assertThat(bridge.closedBy.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
            }
        }
        Await.until(Duration.ofSeconds(5), "the tunnel closed", () -> gateway.openTunnels() == 0);
    }

    @Test
    void aMissingOrMalformedTicketIs401AndNoBrokerIsAsked() throws Exception {
        for (String ticket : new String[] {null, "short", "has spaces in it, which no ticket has", "x".repeat(65)}) {
            try (TunnelBridge bridge = new TunnelBridge(outside.http, outside.base, ticket)) {
                TunnelBridge.Upgrade up = bridge.opened.get(10, TimeUnit.SECONDS);
                assertThat(up.status()).as(String.valueOf(ticket)).isEqualTo(401);
            }
        }
        Outside.Answer a = outside.upgrade("short");
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.body()).isEqualTo("{\"error\":\"the tunnel needs the ticket of a sign-in in the Rounds-Tunnel-Ticket header: sign in again\"}");
        assertThat(broker.seen).isEmpty();
        assertThat(host.accepted.get()).isZero();
    }

    private static int[] pixels(RfbSession s) {
        synchronized (s.framebuffer()) {
            return s.framebuffer().copyPixels();
        }
    }
}
