package org.rounds.broker.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.HostMessage;
import org.rounds.display.RfbAuthException;
import org.rounds.display.client.RfbClient;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.host.agent.HostAgent;
import org.rounds.host.agent.HostFiles;
import org.rounds.testpeers.Await;

/**
 * The real host agent ({@link HostAgent}, desktop-host) on two real HTTPS brokers: it joins the
 * first, says hello and beats; the broker's Admit reaches its pool and a viewer gets in with the
 * broker's password; when the broker it is on goes away it is on the other within a second, and
 * the desktop and its viewer never notice.
 */
@Tag("unit")
@Timeout(60)
class HostAgentOnBrokersTest {
    @TempDir static Path caDir;
    @TempDir Path data;
    static HostKit kit;
    static Broker first, second;
    static final java.util.concurrent.atomic.AtomicInteger hosts = new java.util.concurrent.atomic.AtomicInteger();
    String name;
    ServedDesktops pool;
    HostAgent agent;
    HostKit.Host host;
    final List<String> said = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void twoBrokers() {
        kit = new HostKit(caDir);
        first = kit.broker();
        second = kit.broker();
        warmUpTls();
    }

    /** One TLS request first: a cold JVM's first handshake can outlast the agent's connect wait, and these tests need order. */
    static void warmUpTls() {
        try {
            java.net.http.HttpClient.newBuilder().sslContext(kit.tls(null)).build().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(first.baseUrl() + "/health/live")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The agent's one line when it joined {@code b} (printed once the broker welcomed it, a moment after the broker holds it). */
    void awaitJoinedLine(Broker b) {
        String line = "desktop host " + name + " joined broker " + b.baseUrl();
        Await.until(Duration.ofSeconds(5), "the line: " + line, () -> !said.isEmpty() && said.get(said.size() - 1).equals(line));
    }

    @AfterAll
    static void stopBrokers() {
        if (first != null) first.close();
        if (second != null) second.close();
    }

    @BeforeEach
    void aHost() throws Exception {
        name = "host-" + hosts.incrementAndGet();
        host = kit.host(name, true);
        HostKit.write(host, data);
        pool = new ServedDesktops();
    }

    /** The agent of this test's host, on {@code brokers} in this order, once it holds a channel to the first. */
    void join(Broker... brokers) {
        agent = new HostAgent(new HostAgent.Settings(java.util.Arrays.stream(brokers).map(b -> URI.create(b.baseUrl())).toList(),
                kit.caFile(), new HostFiles(data), "embedded", "10.231.7.5:5900", 3, "east"), pool, said::add);
        agent.start();
        Await.until(Duration.ofSeconds(10), "the host to join the first broker", () -> channels(brokers[0]).holds(name));
        awaitJoinedLine(brokers[0]);
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
        if (pool != null) pool.close();
    }

    static HostChannels channels(Broker b) {
        return b.hostChannels().orElseThrow();
    }

    @Test
    void theHostSaysHelloWithItsAddressAndPinThenBeats() throws Exception {
        join(first, second);
        HostMessage.Hello hello = kit.registry.hellos(name).get(0);
        String pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(host.certificate().getEncoded()));
        assertThat(hello).isEqualTo(new HostMessage.Hello("embedded", "10.231.7.5:5900", pin, 3, "east", List.of()));
        assertThat(agent.pin()).isEqualTo(pin);
        assertThat(said).containsExactly("desktop host " + name + " joined broker " + first.baseUrl());
        assertThat(agent.joined()).contains(URI.create(first.baseUrl()));

        Await.until(Duration.ofSeconds(5), "two heartbeats in the registry", () -> kit.registry.count("heartbeat " + name) >= 2);
        assertThat(kit.registry.beats(name).get(0)).isEqualTo(new HostMessage.Heartbeat(3, true, List.of()));
    }

    @Test
    void anAdmitReachesThePoolAndAViewerGetsInWithTheBrokersPassword() throws Exception {
        join(first, second);
        channels(first).admit(name, "nurse", "Nurse Amina Diallo", "pw-4711");

        assertThat(pool.users()).containsExactly("nurse");
        assertThatThrownBy(() -> viewer("nurse", "wrong", new Viewer())).isInstanceOf(RfbAuthException.class);
        Viewer v = new Viewer();
        try (RfbSession s = viewer("nurse", "pw-4711", v)) {
            awaitSameDesktop(s, "nurse");
            Await.until(Duration.ofSeconds(5), "a heartbeat naming the nurse's desktop",
                    () -> kit.registry.beats(name).stream().anyMatch(b -> b.desktops().stream().anyMatch(d -> d.userId().equals("nurse"))));

            channels(first).disconnect(name, "nurse");
            assertThat(v.closed.await(5, TimeUnit.SECONDS)).as("the viewer is cut by Disconnect").isTrue();
            assertThat(pool.snapshot("nurse")).as("the desktop keeps running").isPresent();
        }
        channels(first).logoff(name, "nurse");
        assertThat(pool.users()).isEmpty();
    }

    @Test
    void aFullHostRefusesTheAdmitInOneLine() {
        join(first, second);
        for (String u : List.of("a", "b", "c")) channels(first).admit(name, u, u, "pw-" + u);

        assertThatThrownBy(() -> channels(first).admit(name, "d", "d", "pw-d"))
                .isInstanceOf(HostCommandException.class)
                .hasMessage("desktop host " + name + " refused admit: desktop host full: 3 of 3 sessions");
        assertThat(pool.users()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void whenItsBrokerGoesTheHostJoinsTheOtherWithinASecondAndTheDesktopRunsOn() throws Exception {
        Broker doomed = kit.broker();
        try {
            join(doomed, second);
            moveFrom(doomed);
        } finally {
            doomed.close();
        }
    }

    private void moveFrom(Broker doomed) throws Exception {
        channels(doomed).admit(name, "nurse", "Nurse Amina Diallo", "pw-4711");
        Viewer v = new Viewer();
        try (RfbSession s = viewer("nurse", "pw-4711", v)) {
            awaitSameDesktop(s, "nurse");
            int[] before = pool.snapshot("nurse").orElseThrow().pixels();

            long start = System.nanoTime();
            doomed.close();
            Await.until(Duration.ofSeconds(5), "the host to join the second broker", () -> channels(second).holds(name));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(millis).as("ms from the first broker's close to the host's channel on the second").isLessThan(1000);
            awaitJoinedLine(second);
            assertThat(kit.registry.events(name)).containsSubsequence("hello " + name, "closed " + name, "hello " + name);
            HostMessage.Hello again = kit.registry.hellos(name).get(kit.registry.hellos(name).size() - 1);
            assertThat(again.desktops()).extracting(HostMessage.Desktop::userId).containsExactly("nurse");
            assertThat(v.closed.getCount()).as("the viewer is still connected").isEqualTo(1);
            assertThat(pool.snapshot("nurse").orElseThrow().pixels()).as("the same desktop").isEqualTo(before);
            awaitSameDesktop(s, "nurse");
        }
        // the second broker hands the same desktop over
        channels(second).admit(name, "nurse", "Nurse Amina Diallo", "pw-2");
        try (RfbSession s = viewer("nurse", "pw-2", new Viewer())) {
            awaitSameDesktop(s, "nurse");
        }
    }

    @Test
    void aBrokerThatGoesSilentWithoutClosingIsLeftWithinItsDownTime() throws Exception {
        try (FreezingRelay link = new FreezingRelay(first.port())) {
            agent = new HostAgent(new HostAgent.Settings(List.of(URI.create(link.baseUrl()), URI.create(second.baseUrl())),
                    kit.caFile(), new HostFiles(data), "embedded", "10.231.7.5:5900", 3, "east"), pool, said::add);
            agent.start();
            Await.until(Duration.ofSeconds(10), "the host to join the first broker", () -> channels(first).holds(name));

            long start = System.nanoTime();
            link.freeze();
            Await.until(Duration.ofSeconds(10), "the host to join the second broker", () -> channels(second).holds(name));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("ms from the link's silence to the channel on the second broker")
                    .isBetween((long) HostMessage.DOWN_AFTER_MILLIS - 1000, (long) HostMessage.DOWN_AFTER_MILLIS + 2500);
        }
    }

    @Test
    void aBrokerThatIsNotThereIsPassedOverForTheNext() throws Exception {
        int deadPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        agent = new HostAgent(new HostAgent.Settings(List.of(URI.create("https://127.0.0.1:" + deadPort), URI.create(second.baseUrl())),
                kit.caFile(), new HostFiles(data), "embedded", "10.231.7.5:5900", 3, "east"), pool, said::add);
        long start = System.nanoTime();
        agent.start();
        Await.until(Duration.ofSeconds(10), "the host to join the second broker", () -> channels(second).holds(name));
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms to the second broker").isLessThan(3000);
        awaitJoinedLine(second);
        assertThat(said).hasSize(1);
    }

    @Test
    void aBrokerSendingAMessageOverMaxBytesIsLeftForTheNext() throws Exception {
        String welcomeAndTooMuch = "x".repeat(HostMessage.MAX_BYTES + 1);
        try (RogueBroker rogue = new RogueBroker(caDir, hello -> welcomeAndTooMuch)) {
            joinAfter(rogue);
        }
    }

    @Test
    void aBrokerSendingSomethingUnreadableIsLeftForTheNext() throws Exception {
        try (RogueBroker rogue = new RogueBroker(caDir, hello -> "{\"type\":\"welcome\",\"brokerId\":")) {
            joinAfter(rogue);
        }
    }

    /** The host tries {@code rogue} first, ends that channel itself, and holds one on the second broker instead. */
    private void joinAfter(RogueBroker rogue) throws Exception {
        agent = new HostAgent(new HostAgent.Settings(List.of(URI.create(rogue.baseUrl()), URI.create(second.baseUrl())),
                kit.caFile(), new HostFiles(data), "embedded", "10.231.7.5:5900", 3, "east"), pool, said::add);
        agent.start();
        Await.until(Duration.ofSeconds(10), "the host to join the second broker", () -> channels(second).holds(name));
        assertThat(rogue.closed.get(5, TimeUnit.SECONDS)).as("the rogue's channel ended by the host").isNotNull();
        awaitJoinedLine(second);
        assertThat(said).hasSize(1);
    }

    static final class Viewer implements RfbListener {
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void closed(Optional<Throwable> cause) {
            closed.countDown();
        }
    }

    private RfbSession viewer(String user, String password, RfbListener l) throws Exception {
        return RfbClient.builder().host("127.0.0.1").port(pool.port(user)).password(password).build().connect(l);
    }

    private void awaitSameDesktop(RfbSession s, String user) {
        Await.until(Duration.ofSeconds(5), "the viewer to show the desktop pixel for pixel", () -> {
            DesktopPool.Snapshot truth = pool.snapshot(user).orElseThrow();
            int[] seen;
            synchronized (s.framebuffer()) {
                seen = s.framebuffer().copyPixels();
            }
            if (seen.length != truth.pixels().length) return false;
            for (int i = 0; i < seen.length; i++) if ((seen[i] & 0xFFFFFF) != (truth.pixels()[i] & 0xFFFFFF)) return false;
            return true;
        });
    }
}
