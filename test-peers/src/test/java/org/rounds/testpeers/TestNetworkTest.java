package org.rounds.testpeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Machines on one box: namespaces on a bridge, reached by their own addresses, all gone after close. */
@Tag("peer")
@Timeout(120)
class TestNetworkTest {

    private static final int PORT = 7000;   // any port: each namespace has its own

    @Test
    void aProcessInOneNamespaceIsReachedFromAnotherAndFromTheRootByItsAddressNeverByLoopback() throws Exception {
        try (TestNetwork net = TestNetwork.create()) {
            NetHost server = net.host("server"), client = net.host("client");
            String at = server.address().getHostAddress();
            assertThat(server.address().isLoopbackAddress()).isFalse();
            assertThat(at).startsWith("10.231.").isNotEqualTo(client.address().getHostAddress());
            assertThat(net.rootAddress().getHostAddress()).isEqualTo(net.subnet().replace(".0/24", ".1"));

            NetProcess echo = server.startJava(EchoServerMain.class.getName(), List.of(at, Integer.toString(PORT)), Map.of());
            echo.awaitOutput("listening on " + at + ":" + PORT, Duration.ofSeconds(30));

            NetHost.Exec fromClient = client.exec("timeout", "5", "bash", "-c",
                    "exec 3<>/dev/tcp/" + at + "/" + PORT + "; echo hello from the client >&3; head -1 <&3");
            assertThat(fromClient.stdout().strip()).as(fromClient.stderr()).isEqualTo("echo from " + at + ": hello from the client");
            assertThat(echoThrough(new InetSocketAddress(server.address(), PORT), "hello from the root"))
                    .isEqualTo("echo from " + at + ": hello from the root");

            InetAddress loopback = InetAddress.getLoopbackAddress();
            assertThat(server.connects(loopback, PORT)).as("the server listens on its address only").isFalse();
            assertThat(client.connects(loopback, PORT)).as("the client's loopback is its own").isFalse();
            assertThat(client.connects(server.address(), PORT)).isTrue();
            assertThat(client.exec("ip", "-4", "route").stdout().strip())
                    .as("no default route: nothing beyond the subnet can be reached")
                    .isEqualTo(net.subnet() + " dev eth0 proto kernel scope link src " + client.address().getHostAddress());
        }
    }

    @Test
    void closeKillsWhatRunsAndRemovesEveryNamespaceLinkAndTheBridge() {
        List<String> names;
        NetProcess sleeper;
        TestNetwork net = TestNetwork.create();
        try {
            net.host("a");
            sleeper = net.host("b").start(List.of("sleep", "600"), Map.of());
            names = net.names();
            assertThat(names).hasSize(5).allSatisfy(n -> assertThat(n).startsWith("rt"))
                    .contains(net.bridge(), net.hosts().get(0).namespace(), net.hosts().get(1).namespace());
            assertThat(net.names()).filteredOn(n -> !n.contains("-")).allSatisfy(link ->
                    assertThat(link.length()).as("IFNAMSIZ leaves 15 characters").isLessThanOrEqualTo(15));
            assertThat(present(names)).containsExactlyInAnyOrderElementsOf(names);
            assertThat(sleeper.isAlive()).isTrue();
        } finally {
            net.close();
        }
        assertThat(present(names)).isEmpty();
        assertThat(sleeper.isAlive()).isFalse();
        net.close();   // a second close is harmless
        assertThatThrownBy(() -> net.host("c")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aTestBodyThatThrowsLeavesNothingBehind() {
        List<String> names = new ArrayList<>();
        List<NetProcess> started = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (TestNetwork net = TestNetwork.create()) {
                started.add(net.host("doomed").start(List.of("sleep", "600"), Map.of()));
                names.addAll(net.names());
                throw new IllegalStateException("the test body failed");
            }
        }).hasMessage("the test body failed");
        assertThat(names).hasSize(3);
        assertThat(present(names)).isEmpty();
        assertThat(started.get(0).isAlive()).isFalse();
    }

    @Test
    void aJvmThatExitsWithoutClosingIsCleanedUpByItsShutdownHook() {
        Leaky leaky = Leaky.start("exit");
        assertThat(leaky.process.waitFor(Duration.ofSeconds(30))).isZero();
        assertThat(leaky.names).hasSize(3);
        assertThat(present(leaky.names)).isEmpty();
        assertThat(ProcessHandle.of(leaky.sleeperPid)).isEmpty();
    }

    @Test
    void whatAKilledJvmLeftIsRemovedByTheNextNetworkMade() {
        Leaky leaky = Leaky.start("wait");
        leaky.process.kill();   // SIGKILL: no shutdown hook runs
        assertThat(present(leaky.names)).as("left behind").containsExactlyInAnyOrderElementsOf(leaky.names);
        try (TestNetwork next = TestNetwork.create()) {
            assertThat(present(leaky.names)).isEmpty();
            assertThat(next.names()).doesNotContainAnyElementsOf(leaky.names);
        }
        Await.until(Duration.ofSeconds(5), "the killed JVM's sleep in its namespace to be killed too",
                () -> ProcessHandle.of(leaky.sleeperPid).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void namesLeftByAnEarlierJvmWithThisPidDoNotStopANewNetwork() {
        TestNetwork.requireAvailable();
        String next = "rt" + Long.toString(ProcessHandle.current().pid(), 36) + "_" + Integer.toString(TestNetwork.NETWORKS.get(), 36);
        List<String> leftovers = List.of(next + "-old", next + "b");
        assertThat(Ip.exec(List.of("ip", "netns", "add", next + "-old")).exitCode()).isZero();
        assertThat(Ip.exec(List.of("ip", "link", "add", next + "b", "type", "bridge")).exitCode()).isZero();
        assertThat(present(leftovers)).hasSize(2);
        try (TestNetwork net = TestNetwork.create()) {
            assertThat(net.bridge()).isEqualTo(next + "b");
            assertThat(present(leftovers)).containsExactly(next + "b");   // the new network's own bridge
            assertThat(net.host("old").namespace()).isEqualTo(next + "-old");
        }
        assertThat(present(leftovers)).isEmpty();
    }

    @Test
    void aRelayInTheRootNamespaceCarriesOneHostsTrafficToAnotherAndRecordsIt() throws Exception {
        try (TestNetwork net = TestNetwork.create()) {
            NetHost server = net.host("desktop"), client = net.host("cart");
            String at = server.address().getHostAddress();
            server.startJava(EchoServerMain.class.getName(), List.of(at, Integer.toString(PORT)), Map.of())
                    .awaitOutput("listening on", Duration.ofSeconds(30));
            try (Relay relay = Relay.builder(new InetSocketAddress(net.rootAddress(), 0), new InetSocketAddress(server.address(), PORT)).start()) {
                NetHost.Exec viaRelay = client.exec("timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/" + net.rootAddress().getHostAddress()
                        + "/" + relay.address().getPort() + "; echo patient screen >&3; head -1 <&3");
                assertThat(viaRelay.stdout().strip()).as(viaRelay.stderr()).isEqualTo("echo from " + at + ": patient screen");
                assertThat(new String(relay.recorded(Relay.Direction.TO_TARGET), StandardCharsets.UTF_8)).isEqualTo("patient screen\n");
                assertThat(new String(relay.recorded(Relay.Direction.FROM_TARGET), StandardCharsets.UTF_8))
                        .isEqualTo("echo from " + at + ": patient screen\n");
            }
        }
    }

    @Test
    void postgresOnTheBridgeAddressAnswersANamespaceAndTheRootButNotLoopback() throws Exception {
        try (TestNetwork net = TestNetwork.create(); PostgresServer pg = PostgresServer.startOn(net)) {
            NetHost broker = net.host("broker1");
            String at = net.rootAddress().getHostAddress();
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://" + at + ":" + pg.port() + "/postgres");
            NetHost.Exec psql = broker.exec(Peers.require("psql", "postgresql-client").toString(), "-h", at, "-p", Integer.toString(pg.port()),
                    "-U", pg.user(), "-d", "postgres", "-tA", "-c", "select inet_client_addr()");
            assertThat(psql.stdout().strip()).as(psql.stderr()).isEqualTo(broker.address().getHostAddress());
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 java.sql.ResultSet rs = c.createStatement().executeQuery("select inet_server_addr()::text")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(at + "/32");
            }
            assertThat(Peers.acceptsTcp(pg.port())).as("not on loopback").isFalse();
        }
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(RealPeers.class)
    void realPeersInjectsANetworkAndClosesItAfterTheTest(TestNetwork net) {
        injected = net;
        assertThat(net.host("a").address().getHostAddress()).startsWith("10.231.");
    }

    private static TestNetwork injected;

    @org.junit.jupiter.api.AfterAll
    static void theInjectedNetworkWasClosed() {
        if (injected != null) assertThat(present(injected.names())).isEmpty();
    }

    /** The names of {@code names} that {@code ip netns list} or {@code ip link} still shows. */
    private static List<String> present(List<String> names) {
        String namespaces = Ip.exec(List.of("ip", "netns", "list")).stdout();
        String links = Ip.exec(List.of("ip", "-o", "link", "show")).stdout();
        List<String> found = new ArrayList<>();
        for (String n : names) {
            boolean ns = namespaces.lines().anyMatch(l -> l.split(" ")[0].equals(n));
            boolean link = links.lines().anyMatch(l -> l.matches("\\d+: " + java.util.regex.Pattern.quote(n) + "[@:].*"));
            if (ns || link) found.add(n);
        }
        return found;
    }

    private static String echoThrough(InetSocketAddress to, String line) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(to, 2000);
            s.setSoTimeout(5000);
            new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
        }
    }

    /** A {@link LeakyNetworkMain} JVM in the root namespace, once it has printed what it made. */
    private record Leaky(NetProcess process, List<String> names, long sleeperPid) {
        static Leaky start(String mode) {
            TestNetwork.requireAvailable();   // skips here, not in the child, without root or ip
            // in the root namespace, as a test JVM runs
            ProcessBuilder pb = new ProcessBuilder(JavaLauncher.command(LeakyNetworkMain.class.getName(), List.of(mode)));
            java.nio.file.Path dir = java.nio.file.Path.of("target", "test-network");
            try {
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Path out = java.nio.file.Files.createTempFile(dir, "leaky-", ".out");
                java.nio.file.Path err = java.nio.file.Files.createTempFile(dir, "leaky-", ".err");
                NetProcess p = new NetProcess("leaky-" + mode, pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
                p.awaitOutput("ready", Duration.ofSeconds(30));
                List<String> names = p.output().lines().filter(l -> l.startsWith("name ")).map(l -> l.substring(5)).toList();
                long pid = p.output().lines().filter(l -> l.startsWith("pid ")).mapToLong(l -> Long.parseLong(l.substring(4))).findFirst().orElseThrow();
                return new Leaky(p, names, pid);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
