package org.rounds.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.Broker;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.hosts.HostRegistry;
import org.rounds.broker.hosts.HostState;
import org.rounds.broker.takeover.Fakes;
import org.rounds.broker.tls.BrokerCa;
import org.rounds.broker.tls.TlsSettings;
import org.rounds.testpeers.Await;

/**
 * {@code rounds desktop-host --join} as its own process, against an HTTPS broker in this JVM: an
 * enrolled host joins and says so in one line, a code given again is ignored with a note (and
 * never printed), and SIGTERM closes its channel, which the broker sees at once.
 */
// peer, not unit: it starts rounds desktop-host as a child JVM (its stdout lines and its SIGTERM are the point)
@Tag("peer")
@Timeout(90)
class DesktopHostProcessTest {
    @TempDir Path caDir;
    @TempDir Path data;

    /** What the broker heard, in order. */
    static final class Heard implements HostRegistry {
        final Map<String, String> hostBySerial = new ConcurrentHashMap<>();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override public Optional<String> enrolledHost(String serial) { return Optional.ofNullable(hostBySerial.get(serial)); }

        @Override public void hello(String host, HostMessage.Hello hello, String brokerId, Instant now) {
            events.add("hello " + host + " " + hello.provider() + " " + hello.address());
        }

        @Override public void heartbeat(String host, HostMessage.Heartbeat beat, String brokerId, Instant now) { events.add("heartbeat " + host); }

        @Override public void channelClosed(String host, String brokerId, Instant now) { events.add("closed " + host); }

        @Override public List<HostState> hosts(Instant now) { return List.of(); }

        boolean heard(String event) {
            synchronized (events) {
                return events.contains(event);
            }
        }
    }

    @Test
    void anEnrolledHostJoinsSaysSoInOneLineAndLeavesOnSigterm() throws Exception {
        Heard heard = new Heard();
        BrokerCa ca = TlsSettings.devCa().caDirectory(caDir).open(null, "127.0.0.1", Instant.now()).endpointCa();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X509Certificate cert = ca.issueHost(keys.getPublic(), "ward-host-1", Instant.now());
        heard.hostBySerial.put(cert.getSerialNumber().toString(16), "ward-host-1");
        Files.writeString(data.resolve("host-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(data.resolve("host.pem"), BrokerCa.pem(cert));

        Broker broker = Broker.builder().inMemory().port(0).tls(TlsSettings.devCa().caDirectory(caDir))
                .desktops(new Fakes.Pool(new Fakes.Journal())).hosts(heard).build();
        broker.start();
        Process p = null;
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // the test class path holds two logback-test.xml, and logback says so on stdout unless told not to
            p = new ProcessBuilder(java, "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                    "-cp", System.getProperty("java.class.path"), "org.rounds.cli.Main", "desktop-host",
                    "--join", broker.baseUrl(), "--broker-ca", caDir.resolve("dev-ca.pem").toString(), "--data", data.toString(),
                    "--enrol-code", "used-code-0042", "--provider", "embedded", "--advertise", "10.231.7.5:5900", "--port", "0",
                    "--site", "east")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; lines.size() < 3 && (line = out.readLine()) != null; ) lines.add(line);

            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo("host ward-host-1 is already enrolled (" + data.resolve("host.pem") + "); --enrol-code ignored");
            assertThat(lines.get(1)).matches("desktops served on 127\\.0\\.0\\.1:[0-9]+ \\(VeNCrypt X509, pin [0-9a-f]{64}\\)");
            assertThat(lines.get(2)).isEqualTo("desktop host ward-host-1 joined broker " + broker.baseUrl());
            assertThat(String.join("\n", lines)).doesNotContain("used-code-0042");
            assertThat(broker.hostChannels().orElseThrow().holds("ward-host-1")).isTrue();
            assertThat(heard.heard("hello ward-host-1 embedded 10.231.7.5:5900")).isTrue();

            List<String> more = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread rest = new Thread(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) more.add(line);
                } catch (java.io.IOException e) {
                    // the process ended and its stream with it
                }
            });
            rest.start();
            p.destroy();   // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the host stopped on SIGTERM").isTrue();
            Await.until(Duration.ofSeconds(5), "the broker to see the channel close", () -> heard.heard("closed ward-host-1"));
            assertThat(broker.hostChannels().orElseThrow().holds("ward-host-1")).isFalse();
            rest.join(5000);
            assertThat(more).as("nothing more printed").isEmpty();
        } finally {
            if (p != null) p.destroyForcibly();
            broker.close();
        }
    }
}
