package org.rounds.cli.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.broker.api.DesktopTls;
import org.rounds.gateway.Gateway;
import org.rounds.gateway.GatewayEnrolment;
import org.rounds.gateway.GatewayFiles;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.host.HostCertificate;
import org.rounds.host.HostPort;
import org.rounds.host.agent.HostAgent;
import org.rounds.host.agent.HostEnrolment;
import org.rounds.host.agent.HostFiles;

/**
 * A hospital with remote access in one process, every part real and enrolled as in production:
 * an HTTPS broker (H2, development CA) taking desktops from hosts, one desktop host with
 * embedded clinical desktops, and a gateway, all on loopback, under {@code dir}. Users get a
 * password, a TOTP secret and outside access. What {@code rounds bench remote} and the
 * end-to-end tests run on.
 */
public final class RemoteWorld implements AutoCloseable {
    /** Desktops the host takes: every sign-in of a bench's runs gets its own user. */
    private static final int CAPACITY = 128;
    private final Broker broker;
    private final HostPort port;
    private final EmbeddedDesktopPool pool;
    private final HostAgent agent;
    private final Gateway gateway;
    /** A second gateway of the same enrolment, with {@code --desktop-tls gateway}. */
    private final Gateway endsTls;
    private final Path brokerCa;

    private RemoteWorld(Broker broker, HostPort port, EmbeddedDesktopPool pool, HostAgent agent, Gateway gateway, Gateway endsTls, Path brokerCa) {
        this.broker = broker;
        this.port = port;
        this.pool = pool;
        this.agent = agent;
        this.gateway = gateway;
        this.endsTls = endsTls;
        this.brokerCa = brokerCa;
    }

    /** Starts the broker, enrols and starts the host and the gateway; {@code say} hears their progress lines. */
    public static RemoteWorld start(Path dir, java.util.function.Consumer<String> say) throws IOException, InterruptedException {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Broker broker = Broker.builder().dataDir(dir.resolve("broker")).port(0).tls(TlsSettings.devCa()).desktopsFromHosts().build();
            started.add(broker);
            broker.start();
            Path ca = dir.resolve("broker/tls/dev-ca.pem");
            URI url = URI.create(broker.baseUrl());
            HostFiles hostFiles = new HostFiles(dir.resolve("host"));
            HostEnrolment.ensure(List.of(url), ca, hostFiles, broker.admin().addHost("host-1", "east"), say);
            int p = freePort();
            HostPort port = HostPort.builder().bind(InetAddress.getLoopbackAddress()).port(p).advertise("127.0.0.1", p)
                    .certificate(HostCertificate.enrolled(dir.resolve("host"))).start();
            started.add(port);
            EmbeddedDesktopPool pool = new EmbeddedDesktopPool(port, Clock.systemUTC());
            started.add(pool);
            HostAgent agent = new HostAgent(new HostAgent.Settings(List.of(url), ca, hostFiles, "embedded", "127.0.0.1:" + p, CAPACITY, "east"), pool, say);
            started.add(agent);
            agent.start();
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!broker.hostChannels().orElseThrow().holds("host-1")) {
                if (System.nanoTime() - until > 0) throw new IOException("the desktop host did not hold its control channel within 20 s");
                Thread.sleep(20);
            }
            GatewayEnrolment.ensure(List.of(url), ca, new GatewayFiles(dir.resolve("gateway")), broker.admin().addGateway("gw-1"), say);
            Gateway gateway = Gateway.builder().bind("127.0.0.1").port(0).brokers(List.of(url)).brokerCa(ca).data(dir.resolve("gateway")).build().start();
            started.add(gateway);
            Gateway endsTls = Gateway.builder().bind("127.0.0.1").port(0).brokers(List.of(url)).brokerCa(ca).data(dir.resolve("gateway"))
                    .desktopTls(DesktopTls.GATEWAY).build().start();
            started.add(endsTls);
            return new RemoteWorld(broker, port, pool, agent, gateway, endsTls, ca);
        } catch (IOException | InterruptedException | RuntimeException e) {
            java.util.Collections.reverse(started);
            closeAll(started);
            throw e;
        }
    }

    /** Enrols {@code userId} with a badge, {@code password}, outside access and a TOTP secret, which it returns. */
    public byte[] outsideUser(String userId, String displayName, String badge, String password) {
        broker.enroll(userId, displayName, badge);
        broker.admin().setPassword(userId, password);
        byte[] secret = Totp.secretOf(broker.admin().enrolTotp(userId));
        broker.admin().setOutside(userId, true);
        return secret;
    }

    /** The TOTP code of {@code secret} at {@code at}. */
    public static String code(byte[] secret, Instant at) { return Totp.code(secret, at); }

    public Broker broker() { return broker; }

    /** The gateway with the default {@code --desktop-tls end-to-end}. */
    public Gateway gateway() { return gateway; }

    /** The gateway of {@code mode}: the two share one enrolment and development certificate. */
    public Gateway gateway(DesktopTls mode) { return mode == DesktopTls.GATEWAY ? endsTls : gateway; }

    public EmbeddedDesktopPool desktops() { return pool; }

    public HostPort hostPort() { return port; }

    /** The development CA of the broker (what inside endpoints trust). */
    public Path brokerCa() { return brokerCa; }

    /** The development CA of the gateway's public port (what outside devices are given). */
    public Path gatewayCa() { return gateway.developmentCa().orElseThrow(); }

    @Override
    public void close() { closeAll(List.of(endsTls, gateway, agent, pool, port, broker)); }

    /** Closes {@code parts} in this order, the last started first. */
    private static void closeAll(List<AutoCloseable> parts) {
        for (AutoCloseable c : parts) {
            try {
                if (c != null) c.close();
            } catch (Exception ignored) {
                // closing what was started
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
