package org.rounds.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.TunnelTarget;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.testpeers.NetHost;
import org.rounds.testpeers.NetProcess;
import org.rounds.testpeers.TestNetwork;

/**
 * The gateway between two networks, as in a DMZ: the test JVM (root namespace) sits on an
 * "inside" bridge, where the broker and the desktop's RFB server listen, and on a "DMZ" bridge,
 * where the gateway listens; the outside device is a process in a namespace on the DMZ bridge
 * alone. From there the desktop's port cannot be reached directly, and the desktop comes through
 * the gateway's one port pixel for pixel.
 */
@Tag("peer")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GatewayAcrossMachinesTest {
    private static final String TICKET = "tkt_across-machines-0123456789";
    @TempDir Path dir;

    @Test
    void fromTheOutsideNamespaceOnlyTheGatewaysPortAnswersAndTheDesktopComesThroughIt() throws Exception {
        try (TestNetwork inside = TestNetwork.create(); TestNetwork dmz = TestNetwork.create()) {
            InetAddress insideAddress = inside.rootAddress(), dmzAddress = dmz.rootAddress();
            NetHost outside = dmz.host("outside");
            TestCa ca = new TestCa();
            Path caFile = ca.write(dir.resolve("broker-ca.pem"));
            TestDesktop desktop = new TestDesktop(200, 120);
            try (FakeBroker broker = new FakeBroker(ca, insideAddress.getHostAddress());
                 RfbServer server = RfbServer.builder().bind(insideAddress).port(0).source(desktop).security(ServerSecurity.none()).build()) {
                server.start();
                broker.tickets.put(TICKET, new TunnelTarget(insideAddress.getHostAddress(), server.port(), "doctor"));
                Path data = dir.resolve("gateway");
                GatewayEnrolment.ensure(List.of(java.net.URI.create(broker.url())), caFile, new GatewayFiles(data), broker.code("dmz-1"), s -> {});
                try (Gateway gateway = Gateway.builder().bind(dmzAddress.getHostAddress()).port(0).brokers(List.of(java.net.URI.create(broker.url())))
                        .brokerCa(caFile).data(data).build().start()) {
                    assertThat(outside.connects(dmzAddress, gateway.port())).as("the gateway's port from outside").isTrue();
                    assertThat(outside.connects(insideAddress, server.port())).as("the desktop's port from outside, directly").isFalse();
                    assertThat(outside.connects(insideAddress, Integer.parseInt(broker.url().replaceAll(".*:", ""))))
                            .as("a broker from outside, directly").isFalse();

                    String base = "https://" + dmzAddress.getHostAddress() + ":" + gateway.port();
                    Path trust = data.resolve(GatewayFiles.DEV_TLS).resolve(PublicTls.CA_CERT);
                    try (NetProcess device = outside.startJava(OutsideMain.class.getName(), List.of(base, trust.toString(), TICKET), Map.of())) {
                        int exit = device.waitFor(Duration.ofSeconds(90));
                        assertThat(exit).as(() -> device + " failed: " + device.output() + readQuietly(device.stderr())).isZero();
                        assertThat(device.output()).contains("upgrade 101", "pixels " + OutsideMain.sha256(desktop.pixels()));
                    }
                }
            }
        }
    }

    private static String readQuietly(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
