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
import org.junit.jupiter.api.AfterEach;
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
    @TempDir Path caDir;
    @TempDir Path data;
    HostKit kit;
    Broker first, second;
    ServedDesktops pool;
    HostAgent agent;
    HostKit.Host host;
    final List<String> said = new CopyOnWriteArrayList<>();

    @BeforeEach
    void twoBrokersAndAHost() throws Exception {
        kit = new HostKit(caDir);
        first = kit.broker();
        second = kit.broker();
        host = kit.host("host-1", true);
        HostKit.write(host, data);
        pool = new ServedDesktops();
        agent = new HostAgent(new HostAgent.Settings(List.of(URI.create(first.baseUrl()), URI.create(second.baseUrl())), kit.caFile(),
                new HostFiles(data), "embedded", "10.231.7.5:5900", 3, "east"), pool, said::add);
        agent.start();
        Await.until(Duration.ofSeconds(10), "the host to join the first broker", () -> channels(first).holds("host-1"));
    }

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
        if (pool != null) pool.close();
        if (first != null) first.close();
        if (second != null) second.close();
    }

    static HostChannels channels(Broker b) {
        return b.hostChannels().orElseThrow();
    }

    @Test
    void theHostSaysHelloWithItsAddressAndPinThenBeats() throws Exception {
        HostMessage.Hello hello = kit.registry.hellos.get(0);
        String pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(host.certificate().getEncoded()));
        assertThat(hello).isEqualTo(new HostMessage.Hello("embedded", "10.231.7.5:5900", pin, 3, "east", List.of()));
        assertThat(agent.pin()).isEqualTo(pin);
        assertThat(said).containsExactly("desktop host host-1 joined broker " + first.baseUrl());
        assertThat(agent.joined()).contains(URI.create(first.baseUrl()));

        Await.until(Duration.ofSeconds(5), "two heartbeats in the registry", () -> kit.registry.count("heartbeat host-1") >= 2);
        assertThat(kit.registry.beats.get(0)).isEqualTo(new HostMessage.Heartbeat(3, true, List.of()));
    }

    @Test
    void anAdmitReachesThePoolAndAViewerGetsInWithTheBrokersPassword() throws Exception {
        channels(first).admit("host-1", "nurse", "Nurse Amina Diallo", "pw-4711");

        assertThat(pool.users()).containsExactly("nurse");
        assertThatThrownBy(() -> viewer("nurse", "wrong", new Viewer())).isInstanceOf(RfbAuthException.class);
        Viewer v = new Viewer();
        try (RfbSession s = viewer("nurse", "pw-4711", v)) {
            awaitSameDesktop(s, "nurse");
            Await.until(Duration.ofSeconds(5), "a heartbeat naming the nurse's desktop",
                    () -> kit.registry.beats.stream().anyMatch(b -> b.desktops().stream().anyMatch(d -> d.userId().equals("nurse"))));

            channels(first).disconnect("host-1", "nurse");
            assertThat(v.closed.await(5, TimeUnit.SECONDS)).as("the viewer is cut by Disconnect").isTrue();
            assertThat(pool.snapshot("nurse")).as("the desktop keeps running").isPresent();
        }
        channels(first).logoff("host-1", "nurse");
        assertThat(pool.users()).isEmpty();
    }

    @Test
    void aFullHostRefusesTheAdmitInOneLine() {
        for (String u : List.of("a", "b", "c")) channels(first).admit("host-1", u, u, "pw-" + u);

        assertThatThrownBy(() -> channels(first).admit("host-1", "d", "d", "pw-d"))
                .isInstanceOf(HostCommandException.class)
                .hasMessage("desktop host host-1 refused admit: desktop host full: 3 of 3 sessions");
        assertThat(pool.users()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void whenItsBrokerGoesTheHostJoinsTheOtherWithinASecondAndTheDesktopRunsOn() throws Exception {
        channels(first).admit("host-1", "nurse", "Nurse Amina Diallo", "pw-4711");
        Viewer v = new Viewer();
        try (RfbSession s = viewer("nurse", "pw-4711", v)) {
            awaitSameDesktop(s, "nurse");
            int[] before = pool.snapshot("nurse").orElseThrow().pixels();

            long start = System.nanoTime();
            first.close();
            Await.until(Duration.ofSeconds(5), "the host to join the second broker", () -> channels(second).holds("host-1"));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(millis).as("ms from the first broker's close to the host's channel on the second").isLessThan(1000);
            assertThat(said).last().isEqualTo("desktop host host-1 joined broker " + second.baseUrl());
            assertThat(kit.registry.events()).containsSubsequence("hello host-1", "closed host-1", "hello host-1");
            HostMessage.Hello again = kit.registry.hellos.get(kit.registry.hellos.size() - 1);
            assertThat(again.desktops()).extracting(HostMessage.Desktop::userId).containsExactly("nurse");
            assertThat(v.closed.getCount()).as("the viewer is still connected").isEqualTo(1);
            assertThat(pool.snapshot("nurse").orElseThrow().pixels()).as("the same desktop").isEqualTo(before);
            awaitSameDesktop(s, "nurse");
        }
        // the second broker hands the same desktop over
        channels(second).admit("host-1", "nurse", "Nurse Amina Diallo", "pw-2");
        try (RfbSession s = viewer("nurse", "pw-2", new Viewer())) {
            awaitSameDesktop(s, "nurse");
        }
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
