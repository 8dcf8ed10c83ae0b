package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.Broker;
import org.rounds.broker.api.EndpointRegistration;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.roaming.client.BrokerClient;

/**
 * The endpoint's broker client against real brokers: three broker processes on one real
 * PostgreSQL with one killed by SIGKILL mid-stream (through {@code rounds bench failover}'s own
 * code), and a broker that accepts TCP connections but never answers.
 */
@Tag("bench")
class BrokerFailoverTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void killingOneOfThreeBrokersMidStreamFailsNoTapAndLosesNothing() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // 20 taps/s: with every cart's push channel open, each takeover waits for the old cart's
        // acknowledgement, often through another broker; at 30 the two shared cores (three
        // brokers, PostgreSQL and 100 carts) ran near full and a noisy CI machine tipped it over.
        int status = new FailoverBench(3, 100, 20, 8, null, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        assertThat(r.get("failedTaps").asInt()).as("taps no broker decided within the 2 s deadline: " + r.path("failures")).isZero();
        assertThat(r.at("/beforeKillMs/taps").asInt()).as("taps before the kill").isGreaterThan(50);
        assertThat(r.at("/afterKillMs/taps").asInt()).as("taps after the kill").isGreaterThan(50);
        assertThat(r.at("/store/pendingTaps").asInt()).isZero();
        assertThat(r.at("/store/sessionGenerations").asLong()).as("one generation per decided tap")
                .isEqualTo(r.at("/store/decidedTaps").asLong());
        assertThat(r.at("/store/auditRows").asLong()).as("one audit row per decided tap").isEqualTo(r.at("/store/decidedTaps").asLong());
        assertThat(r.at("/store/decidedTaps").asLong()).as("every tap an endpoint saw answered was committed")
                .isGreaterThanOrEqualTo(r.get("taps").asLong());
        assertThat(status).isZero();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBrokerThatAcceptsButNeverAnswersIsPassedOverWithinTheDeadline() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             org.rounds.host.EmbeddedDesktopPool desktops = new org.rounds.host.EmbeddedDesktopPool();
             Broker broker = Broker.builder().inMemory().port(0).desktops(desktops).build()) {
            Thread accepting = new Thread(() -> {
                try {
                    while (true) held.add(blackHole.accept());   // accepts, reads nothing, answers nothing
                } catch (java.io.IOException closed) {
                    // test over
                }
            }, "black-hole");
            accepting.setDaemon(true);
            accepting.start();
            broker.start();
            broker.enroll("nurse", "Nurse Amina Diallo", "0412345678");
            BrokerClient client = BrokerClient.builder().broker("http://127.0.0.1:" + blackHole.getLocalPort() + "/")
                    .broker(broker.baseUrl() + "/").deadline(Duration.ofSeconds(2)).probeInterval(Duration.ZERO).build();
            try {
                client.register(new EndpointRegistration("cart-1", "cart", "Ward 4"));
                TapDecision d = client.tap(new TapRequest("cart-1", "0412345678", "t-1"));

                assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.userId()).isEqualTo("nurse"));
                assertThat(held).as("the black hole was tried first").isNotEmpty();
                assertThat(client.currentBroker()).isEqualTo(broker.baseUrl() + "/");
            } finally {
                client.close();
                for (Socket s : held) s.close();
            }
        }
    }
}
