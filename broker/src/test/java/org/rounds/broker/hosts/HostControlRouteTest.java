package org.rounds.broker.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostMessage;
import org.rounds.testpeers.Await;

/**
 * The broker's end of the control channel, spoken to by a bare WebSocket client: who gets in,
 * what closes the channel (too big, unreadable, no hello), a second channel replacing the first,
 * and commands that fail at once when the channel closes or at their deadline when nobody answers.
 */
@Tag("unit")
@Timeout(60)
class HostControlRouteTest {
    static final String PIN = "ab".repeat(32);
    static final HostMessage.Hello HELLO = new HostMessage.Hello("xvnc", "10.231.7.5:5900", PIN, 20, "east", List.of());
    static final ObjectMapper json = new ObjectMapper();
    @TempDir static Path caDir;
    static HostKit kit;
    static Broker broker;

    @BeforeAll
    static void start() {
        kit = new HostKit(caDir);
        broker = kit.broker();
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    /** A bare client: what it received, and the close code when the broker closed it. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket w, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket w, Throwable error) {
            closed.complete(-1);
        }

        void send(HostMessage m) throws Exception {
            ws.sendText(json.writerFor(HostMessage.class).writeValueAsString(m), true).get(5, TimeUnit.SECONDS);
        }

        HostMessage next() throws Exception {
            String text = received.poll(5, TimeUnit.SECONDS);
            assertThat(text).as("a message from the broker").isNotNull();
            return json.readValue(text, HostMessage.class);
        }

        int closeCode() throws Exception {
            return closed.get(10, TimeUnit.SECONDS);
        }
    }

    final List<Client> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Every client of a test ends with it, so that the next test's channels count from none. */
    @AfterEach
    void closeClients() {
        clients.forEach(c -> c.ws.abort());
        Await.until(Duration.ofSeconds(5), "the broker to see every channel end", () -> channels().sockets() == 0);
    }

    Client open(SSLContext tls) {
        return open(broker, tls);
    }

    Client open(Broker to, SSLContext tls) {
        Client c = new Client();
        c.ws = HttpClient.newBuilder().sslContext(tls).build().newWebSocketBuilder()
                .buildAsync(URI.create(to.baseUrl().replace("https:", "wss:") + BrokerApi.HOST_CONTROL), c).join();
        clients.add(c);
        return c;
    }

    /** A host's channel, said hello and welcomed. */
    Client joined(String host) throws Exception {
        Client c = open(kit.tls(kit.host(host, true)));
        c.send(HELLO);
        assertThat(c.next()).isInstanceOf(HostMessage.Welcome.class);
        return c;
    }

    static HostChannels channels() {
        return broker.hostChannels().orElseThrow();
    }

    @Test
    void withoutAClientCertificateTheUpgradeIs401() throws Exception {
        assertThatThrownBy(() -> open(kit.tls(null)))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }

    @Test
    void aThirdChannelOfOneHostIs429AndOtherHostsOnTheSameAddressGetIn() throws Exception {
        HostKit.Host h = kit.host("host-copied", true);
        Client one = open(kit.tls(h));
        open(kit.tls(h));
        assertThatThrownBy(() -> open(kit.tls(h)))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(429));
        for (int i = 0; i < 3; i++) joined("host-neighbour-" + i);   // the same 127.0.0.1, other hosts
        one.ws.abort();
        Await.until(Duration.ofSeconds(5), "the first channel to end", () -> channels().sockets() == 4);
        open(kit.tls(h));
    }

    @Test
    void aCertificateOfNoEnrolledHostIs403() throws Exception {
        SSLContext endpoint = kit.tls(kit.host("cart-1", false));
        assertThatThrownBy(() -> open(endpoint))
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
    }

    @Test
    void helloIsWelcomedAndRecordedAndHeartbeatsGoToTheRegistry() throws Exception {
        Client c = joined("host-hello");
        assertThat(channels().holds("host-hello")).isTrue();
        c.send(new HostMessage.Heartbeat(20, true, List.of(new HostMessage.Desktop("nurse", true, 0))));
        Await.until(Duration.ofSeconds(5), "the heartbeat in the registry", () -> kit.registry.count("heartbeat host-hello") == 1);

        c.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        Await.until(Duration.ofSeconds(5), "the close in the registry", () -> kit.registry.count("closed host-hello") == 1);
        assertThat(channels().holds("host-hello")).isFalse();
    }

    @Test
    void aMessageOverMaxBytesClosesTheChannel() throws Exception {
        Client c = joined("host-big");
        String big = "{\"type\":\"heartbeat\",\"capacity\":1,\"healthy\":true,\"desktops\":[],\"pad\":\"" + "x".repeat(HostMessage.MAX_BYTES) + "\"}";
        c.ws.sendText(big, true);
        assertThat(c.closeCode()).isEqualTo(1009);
        Await.until(Duration.ofSeconds(5), "the close in the registry", () -> kit.registry.count("closed host-big") == 1);
        assertThat(kit.registry.count("heartbeat host-big")).isZero();
    }

    @Test
    void anUnreadableMessageClosesTheChannel() throws Exception {
        Client c = joined("host-garbled");
        c.ws.sendText("{\"type\":\"nonsense\"}", true);
        assertThat(c.closeCode()).isEqualTo(HostControlRoute.UNREADABLE);
        assertThat(channels().holds("host-garbled")).isFalse();
    }

    @Test
    void aCommandBeforeHelloClosesTheChannel() throws Exception {
        Client c = open(kit.tls(kit.host("host-rude", true)));
        c.send(new HostMessage.Heartbeat(1, true, List.of()));
        assertThat(c.closeCode()).isEqualTo(HostControlRoute.UNEXPECTED);
        assertThat(kit.registry.events()).doesNotContain("hello host-rude", "heartbeat host-rude");
    }

    @Test
    void theShippedHelloDeadlineIsFiveSeconds() {
        assertThat(HostChannels.HELLO_WAIT).isEqualTo(Duration.ofSeconds(5));
        assertThat(HostControlRoute.Limits.DEFAULT.helloWait()).isEqualTo(HostChannels.HELLO_WAIT);
    }

    /** At a short deadline on a broker of its own: the class's broker keeps the shipped one, which is not waited out. */
    @Test
    void noHelloWithinTheDeadlineClosesTheChannel() throws Exception {
        Duration deadline = Duration.ofMillis(500);
        try (Broker hasty = kit.broker(deadline)) {
            Client c = open(hasty, kit.tls(kit.host("host-silent", true)));
            long start = System.nanoTime();
            assertThat(c.closeCode()).isEqualTo(HostControlRoute.NO_HELLO);
            assertThat((System.nanoTime() - start) / 1_000_000).isBetween(deadline.toMillis() - 300, deadline.toMillis() + 2000);
            assertThat(kit.registry.events()).doesNotContain("hello host-silent");
            clients.remove(c);   // the class's broker never held it
        }
    }

    @Test
    void aSecondChannelOfTheSameHostReplacesTheFirst() throws Exception {
        HostKit.Host h = kit.host("host-twice", true);
        Client one = open(kit.tls(h));
        one.send(HELLO);
        one.next();
        Client two = open(kit.tls(h));
        two.send(HELLO);
        two.next();

        assertThat(one.closeCode()).isEqualTo(HostControlRoute.REPLACED);
        assertThat(channels().holds("host-twice")).isTrue();
        assertThat(kit.registry.count("closed host-twice")).as("the host's channel is open: the registry must not hear a close").isZero();
        // commands go to the second channel
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> channels().disconnect("host-twice", "nurse"));
        HostMessage.Disconnect d = (HostMessage.Disconnect) two.next();
        two.send(new HostMessage.Reply(d.id(), true, ""));
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aHostBackFromBeingLostIsToldToEndTheDesktopsWhoseUsersWerePlacedElsewhere() throws Exception {
        kit.registry.placedElsewhere.add("nurse-moved");
        try {
            HostKit.Host h = kit.host("host-back", true);
            Client c = open(kit.tls(h));
            c.send(new HostMessage.Hello("embedded", "10.231.7.9:5900", "ab".repeat(32), 4, "",
                    List.of(new HostMessage.Desktop("doctor-stays", false, 1), new HostMessage.Desktop("nurse-moved", false, 1))));

            assertThat(c.next()).isInstanceOf(HostMessage.Welcome.class);
            HostMessage m = c.next();
            assertThat(m).isInstanceOf(HostMessage.Logoff.class);
            assertThat(((HostMessage.Logoff) m).userId()).isEqualTo("nurse-moved");
        } finally {
            kit.registry.placedElsewhere.clear();
        }
    }

    @Test
    void aHostRevokedWhileConnectedIsCutAtItsNextHeartbeat() throws Exception {
        HostKit.Host h = kit.host("host-revoked", true);
        Client c = open(kit.tls(h));
        c.send(HELLO);
        assertThat(c.next()).isInstanceOf(HostMessage.Welcome.class);
        c.send(new HostMessage.Heartbeat(4, true, List.of()));
        assertThat(channels().holds("host-revoked")).isTrue();

        kit.registry.hostBySerial.remove(h.certificate().getSerialNumber().toString(16));
        org.rounds.testpeers.Await.until(Duration.ofSeconds(5), "the revoked host's channel to be cut", () -> {
            if (c.closed.isDone()) return true;
            c.send(new HostMessage.Heartbeat(4, true, List.of()));   // within the check's cache time the host still passes
            return c.closed.isDone();
        });

        assertThat(c.closeCode()).isEqualTo(HostControlRoute.REVOKED);
        assertThat(channels().holds("host-revoked")).isFalse();
    }

    @Test
    void aCommandFailsAtItsDeadlineWhenTheHostDoesNotAnswer() throws Exception {
        Client c = joined("host-slow");
        long start = System.nanoTime();
        assertThatThrownBy(() -> channels().command("host-slow", new HostMessage.Logoff("late-1", "nurse"), Duration.ofMillis(300)))
                .isInstanceOf(HostCommandException.class).hasMessage("desktop host host-slow did not answer logoff within 300 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 2000L);
        assertThat(c.next()).isEqualTo(new HostMessage.Logoff("late-1", "nurse"));
        c.send(new HostMessage.Reply("late-1", true, ""));   // late: dropped, and the channel stays open
        c.send(new HostMessage.Heartbeat(20, true, List.of()));   // read after the late reply, on the same channel
        Await.until(Duration.ofSeconds(5), "the heartbeat after the late reply", () -> kit.registry.count("heartbeat host-slow") == 1);
        assertThat(channels().holds("host-slow")).isTrue();
    }

    @Test
    void aCommandFailsAtOnceWhenTheChannelCloses() throws Exception {
        Client c = joined("host-dying");
        CompletableFuture<Long> failedAfter = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                channels().admit("host-dying", "nurse", "Nurse", "secret-pw-1");
                return -1L;
            } catch (HostCommandException e) {
                assertThat(e.getMessage()).startsWith("the control channel of desktop host host-dying closed before it answered")
                        .doesNotContain("secret-pw-1");
                return (System.nanoTime() - start) / 1_000_000;
            }
        });
        assertThat(c.next()).isInstanceOf(HostMessage.Admit.class);
        c.ws.abort();
        assertThat(failedAfter.get(5, TimeUnit.SECONDS)).as("ms until the admit failed").isBetween(0L, 2000L);
        // Whether the broker has forgotten the channel yet, still sees it closing, or finds it closed only as it
        // sends, the next command fails in one line.
        assertThatThrownBy(() -> channels().logoff("host-dying", "nurse")).isInstanceOf(HostCommandException.class)
                .hasMessageMatching("desktop host host-dying has no control channel on this broker"
                        + "|the control channel of desktop host host-dying closed (before it answered )?\\(.*\\)");
    }

    @Test
    void sendAnswersUnderTheCallersIdEmptyWithoutAChannelAndAFailedReplyInsteadOfThrowing() throws Exception {
        assertThat(channels().send("host-elsewhere", new HostMessage.Logoff("theirs-1", "nurse"), Duration.ofSeconds(1))).isEmpty();
        Client c = joined("host-relayed");
        CompletableFuture<java.util.Optional<HostMessage.Reply>> ok = CompletableFuture.supplyAsync(
                () -> channels().send("host-relayed", new HostMessage.Disconnect("theirs-2", "nurse"), Duration.ofSeconds(5)));
        HostMessage.Disconnect d = (HostMessage.Disconnect) c.next();
        assertThat(d.id()).as("this broker's own id on the channel").isNotEqualTo("theirs-2");
        c.send(new HostMessage.Reply(d.id(), true, ""));
        assertThat(ok.get(5, TimeUnit.SECONDS)).contains(new HostMessage.Reply("theirs-2", true, ""));

        assertThat(channels().send("host-relayed", new HostMessage.Logoff("theirs-3", "nurse"), Duration.ofMillis(200)))
                .contains(new HostMessage.Reply("theirs-3", false, "desktop host host-relayed did not answer logoff within 200 ms"));
    }

    @Test
    void aRefusalIsTheHostsOneLine() throws Exception {
        Client c = joined("host-full");
        CompletableFuture<Void> admit = CompletableFuture.runAsync(() -> channels().admit("host-full", "nurse", "Nurse", "pw"));
        HostMessage.Admit a = (HostMessage.Admit) c.next();
        c.send(new HostMessage.Reply(a.id(), false, "desktop host full: 20 of 20 sessions"));
        assertThatThrownBy(() -> admit.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(HostCommandException.class)
                .hasMessage("desktop host host-full refused admit: desktop host full: 20 of 20 sessions");
    }
}
