package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.host.HostCertificate;
import org.rounds.host.HostPort;
import org.rounds.host.agent.HostAgent;
import org.rounds.host.agent.HostEnrolment;
import org.rounds.host.agent.HostFiles;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.testpeers.Await;

/**
 * {@code rounds broker --desktops hosts} in one process: an HTTPS broker with no desktops of its
 * own, a desktop host enrolled with a code and holding its control channel, and an enrolled
 * endpoint whose tap gets the host's address and pin and shows the desktop over VeNCrypt X509.
 */
@Tag("unit")
@Timeout(90)
class DesktopsFromHostsTest {
    @TempDir static Path data;
    @TempDir static Path hostData;
    @TempDir static Path cart1;
    @TempDir static Path cart2;
    static Broker broker;
    static HostPort port;
    static DesktopPool pool;
    static HostAgent agent;
    static BrokerClient endpoint1, endpoint2;
    static final List<String> said = new CopyOnWriteArrayList<>();
    int taps;

    @BeforeAll
    static void brokerHostAndEndpoints() throws Exception {
        broker = Broker.builder().dataDir(data).port(0).tls(TlsSettings.devCa()).desktopsFromHosts().build();
        broker.start();
        Path ca = data.resolve("tls/dev-ca.pem");
        URI url = URI.create(broker.baseUrl());
        HostEnrolment.ensure(List.of(url), ca, new HostFiles(hostData), broker.admin().addHost("host-1", "east"), said::add);
        int p = freePort();
        port = HostPort.builder().bind(InetAddress.getLoopbackAddress()).port(p).advertise("127.0.0.1", p)
                .certificate(HostCertificate.enrolled(hostData)).start();
        pool = new EmbeddedDesktopPool(port, Clock.systemUTC());
        agent = new HostAgent(new HostAgent.Settings(List.of(url), ca, new HostFiles(hostData), "embedded", "127.0.0.1:" + p, 5, "east"),
                pool, said::add);
        agent.start();
        Await.until(Duration.ofSeconds(10), "the host to hold its channel", () -> broker.hostChannels().orElseThrow().holds("host-1"));
        endpoint1 = endpoint("cart-1", cart1, ca);
        endpoint2 = endpoint("cart-2", cart2, ca);
        broker.enroll("nurse", "Nurse Amina Diallo", "0412345678");
        broker.enroll("doctor", "Dr Ines Okafor", "0499999999");
    }

    static BrokerClient endpoint(String id, Path dir, Path ca) throws Exception {
        String code = broker.admin().addEndpoint(id, "cart", "Ward 4", "east");
        try (BrokerClient plain = BrokerClient.builder().broker(broker.baseUrl()).caFile(ca).build()) {
            Enrolment.enrol(plain, code, dir);
        }
        BrokerClient b = BrokerClient.builder().broker(broker.baseUrl()).caFile(ca)
                .clientCertificate(dir.resolve(Enrolment.KEY_FILE), dir.resolve(Enrolment.CERTIFICATE_FILE)).build();
        b.register(new EndpointRegistration(id, "cart", "Ward 4"));
        return b;
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {endpoint1, endpoint2, agent, pool, port, broker}) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing what the test opened
            }
        }
    }

    @Test
    void aTapGetsTheHostsAddressAndPinAndTheEndpointSeesTheDesktopOverVeNCrypt() throws Exception {
        TapDecision.Connect c = connect(endpoint1.tap(new TapRequest("cart-1", "0412345678", "tap-" + (++taps))));

        assertThat(c.desktop().host()).isEqualTo("127.0.0.1");
        assertThat(c.desktop().port()).isEqualTo(port.port());
        assertThat(c.desktop().pin()).isEqualTo(port.pin());
        try (RfbSession s = RfbClient.builder().host(c.desktop().host()).port(c.desktop().port()).password(c.desktop().password())
                .pinSha256(c.desktop().pin()).x509VncOnly().build().connect(new RfbListener() {})) {
            Await.until(Duration.ofSeconds(5), "the endpoint to show the nurse's desktop pixel for pixel", () -> same(s, "nurse"));
        }
        assertThat(broker.admin().hosts()).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("host-1");
            assertThat(h.state()).isEqualTo("up");
            assertThat(h.address()).isEqualTo("127.0.0.1:" + port.port());
        });
    }

    @Test
    void aDrainedHostKeepsItsDesktopsAndTakesNoNewOne() throws Exception {
        connect(endpoint1.tap(new TapRequest("cart-1", "0412345678", "tap-" + (++taps))));
        assertThat(broker.admin().drainHost("host-1", true)).isTrue();
        try {
            TapDecision.Connect again = connect(endpoint2.tap(new TapRequest("cart-2", "0412345678", "tap-" + (++taps))));
            TapDecision doctor = endpoint2.tap(new TapRequest("cart-2", "0499999999", "tap-" + (++taps)));

            assertThat(again.desktop().pin()).as("the nurse's desktop goes on on the draining host").isEqualTo(port.pin());
            assertThat(doctor).isEqualTo(new TapDecision.Denied(
                    "no desktop host can take a new desktop (1 hosts, 0 up and not draining, all full or none): tap again in a minute"));
            assertThat(pool.users()).doesNotContain("doctor");
        } finally {
            broker.admin().drainHost("host-1", false);
        }
    }

    private static TapDecision.Connect connect(TapDecision d) {
        assertThat(d).isInstanceOf(TapDecision.Connect.class);
        return (TapDecision.Connect) d;
    }

    private static boolean same(RfbSession s, String user) {
        DesktopPool.Snapshot truth = pool.snapshot(user).orElseThrow();
        int[] seen;
        synchronized (s.framebuffer()) {
            seen = s.framebuffer().copyPixels();
        }
        if (seen.length != truth.pixels().length) return false;
        for (int i = 0; i < seen.length; i++) if ((seen[i] & 0xFFFFFF) != (truth.pixels()[i] & 0xFFFFFF)) return false;
        return true;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
