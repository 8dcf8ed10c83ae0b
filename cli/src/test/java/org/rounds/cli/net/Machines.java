package org.rounds.cli.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rounds.broker.StoreAdmin;
import org.rounds.cli.Main;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.testpeers.NetHost;
import org.rounds.testpeers.NetProcess;
import org.rounds.testpeers.TestNetwork;

/**
 * The machines the tests across namespaces start the same way ({@link AcrossMachinesTest},
 * {@link OutsideAcrossMachinesTest}): a {@code rounds broker --desktops hosts}, a {@code rounds
 * desktop-host --provider xvnc} with an xterm, an enrolled headless cart, and the clean-up of
 * what a killed Xvnc leaves in /tmp.
 */
final class Machines {
    static final int BROKER_PORT = 8443;   // each namespace has its own ports
    /** Colours no bare X root has (its weave is black and white): a screen with them shows the xterm. A plain sh, not
     * the login shell: root's .bashrc on this box runs pyenv init, seconds on a loaded machine before the first prompt. */
    static final String XTERM = "xterm -bg blue -fg yellow -geometry 80x24+0+0 -e /bin/sh";

    private Machines() {}

    static String url(NetHost broker) {
        return "https://" + broker.address().getHostAddress() + ":" + BROKER_PORT;
    }

    /** A broker in {@code h}'s namespace on PostgreSQL {@code dbUrl}, once it listens; a restart keeps its {@code data}. */
    static NetProcess startBroker(NetHost h, Path data, String dbUrl, Path key, Path caDir) {
        NetProcess b = h.startJava(Main.class.getName(), List.of("broker", "--desktops", "hosts", "--bind", h.address().getHostAddress(),
                "--port", Integer.toString(BROKER_PORT), "--data", data.toString(), "--db", dbUrl,
                "--key-file", key.toString(), "--ca-dir", caDir.toString()), Map.of());
        b.awaitOutput("broker listening on " + url(h), Duration.ofSeconds(90));
        return b;
    }

    /** The CA file a broker's output names for endpoints and hosts to trust. */
    static Path caFile(String brokerOutput) {
        Matcher m = Pattern.compile("endpoints and desktop hosts trust (\\S+)").matcher(brokerOutput);
        assertThat(m.find()).as("the broker names the CA to trust:\n" + brokerOutput).isTrue();
        return Path.of(m.group(1));
    }

    /**
     * An Xvnc desktop host in {@code h}'s namespace, its data under {@code dir/name} and its
     * sessions under {@link #sessionDirectories}; {@code code} null for a host enrolled before (a restart).
     */
    static NetProcess startXvncHost(NetHost h, Path dir, String name, List<String> brokers, Path ca, String code) throws IOException {
        Path tmp = Files.createDirectories(sessionDirectories(dir, name));   // removed with the test's directory
        List<String> args = new ArrayList<>(List.of("desktop-host", "--join", String.join(",", brokers), "--broker-ca", ca.toString(),
                "--data", dir.resolve(name).toString(), "--provider", "xvnc", "--xvnc-start", XTERM, "--xvnc-geometry", "800x480",
                "--bind", h.address().getHostAddress(), "--capacity", "20", "--site", "east"));
        if (code != null) {   // from a file, as a real host's first start should take it (a code in the arguments shows in ps)
            Path file = Files.writeString(dir.resolve(name + "-code"), code + "\n");
            args.addAll(List.of("--enrol-code-file", file.toString()));
        }
        return h.startJava(List.of("-Djava.io.tmpdir=" + tmp), Main.class.getName(), args, Map.of());
    }

    /** Where host {@code name}'s Xvnc sessions keep their sockets and logs (its java.io.tmpdir). */
    static Path sessionDirectories(Path dir, String name) {
        return dir.resolve(name + "-tmp");
    }

    /** A cart enrolled from the root namespace (its key and certificate land in {@code dir/id}), then started in its own namespace. */
    static NetEndpoint endpoint(TestNetwork net, Path dir, StoreAdmin admin, String id, Path ca, List<String> brokers) throws Exception {
        Path cart = Files.createDirectories(dir.resolve(id));
        try (BrokerClient plain = BrokerClient.builder().broker(brokers.get(0)).caFile(ca).build()) {
            Enrolment.enrol(plain, admin.addEndpoint(id, "cart", "Ward 4", "east"), cart);
        }
        NetHost h = net.host(id);
        NetEndpoint e = new NetEndpoint(id, h, h.startJavaDriven(NetEndpointMain.class.getName(),
                List.of(id, cart.toString(), ca.toString(), String.join(",", brokers)), Map.of()));
        e.await(0, "ready", l -> l.equals("ready"), Duration.ofSeconds(60));
        return e;
    }

    /**
     * The X lock files (and sockets) made since the test started whose Xvnc no longer runs: an
     * Xvnc killed with its host (or while the host was starting it) leaves them in the shared /tmp,
     * and every later session on the machine would skip that display number. A lock whose pid is
     * gone is garbage to anyone: Xvnc itself removes such a lock when it takes the display.
     */
    static void removeStaleXLocks(Instant since) {
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("/tmp"))) {
            for (Path lock : files.filter(f -> f.getFileName().toString().matches("\\.X\\d+-lock")).toList()) {
                try {
                    if (Files.getLastModifiedTime(lock).toInstant().isBefore(since)) continue;
                    long pid = Long.parseLong(Files.readString(lock).strip());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                    String display = lock.getFileName().toString().replaceAll("\\D", "");
                    Files.deleteIfExists(Path.of("/tmp/.X11-unix/X" + display));
                    Files.deleteIfExists(lock);
                } catch (IOException | RuntimeException e) {
                    System.out.println("stale X lock " + lock + " left: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            System.out.println("stale X locks left: " + e.getMessage());
        }
    }

    static void report(String what, long startNanos) {
        System.out.printf("%s: %.0f ms%n", what, (System.nanoTime() - startNanos) / 1e6);
    }
}
