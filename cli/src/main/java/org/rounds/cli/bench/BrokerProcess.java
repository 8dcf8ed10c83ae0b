package org.rounds.cli.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.Broker;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.DesktopAddress;

/**
 * A broker in a JVM of its own on a shared PostgreSQL, so that a benchmark or a test can kill
 * it with SIGKILL as a crashed host would die. The child serves plain HTTP on a free loopback
 * port and hands out no real desktops (every hand-over names the same address): what is
 * measured and tested is the broker tier — decisions, failover, pushes — not a desktop host.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private BrokerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts a child broker on the database {@code dbUrl} names (postgresql://user@host:port/db,
     * or a jdbc: URL with the user and password in this process's PGUSER/PGPASSWORD).
     */
    public static BrokerProcess start(String dbUrl, Path keyFile) throws IOException {
        return start(dbUrl, keyFile, List.of(), "256m");
    }

    /**
     * As {@link #start(String, Path)}, with the command run through {@code launcher} (e.g. prlimit, to
     * hold more connections than the default file descriptor limit allows) and a larger heap.
     */
    public static BrokerProcess start(String dbUrl, Path keyFile, List<String> launcher, String heap) throws IOException {
        return start(dbUrl, keyFile, launcher, heap, List.of());
    }

    /** As {@link #start(String, Path, List, String)}, with more JVM options (a GC log). */
    static BrokerProcess start(String dbUrl, Path keyFile, List<String> launcher, String heap, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(launcher);
        command.addAll(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), dbUrl,
                keyFile.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("port ")) {
                drain(out);
                return new BrokerProcess(p, Integer.parseInt(line.substring(5).trim()));
            }
            seen.append(line).append('\n');
        }
        p.destroyForcibly();
        throw new IOException("the child broker exited before serving:\n" + seen);
    }

    /**
     * Keeps the child's log flowing, so that it never blocks on a full pipe: into the directory
     * {@code ROUNDS_BENCH_BROKER_LOGS} names (a file per child), else nowhere.
     */
    private static void drain(BufferedReader out) {
        String logs = System.getenv("ROUNDS_BENCH_BROKER_LOGS");
        Thread t = new Thread(() -> {
            try (Writer w = logs == null ? Writer.nullWriter() : java.nio.file.Files.newBufferedWriter(
                    Path.of(logs).resolve("broker-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".log"))) {
                out.transferTo(w);
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "broker-process-drain");
        t.setDaemon(true);
        t.start();
    }

    /** The child JVM's process id (for jcmd). */
    long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** SIGKILL: no shutdown hook runs, and only the kernel closes its connections. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** The child: {@code BrokerProcess JDBC_URL KEY_FILE}; prints {@code port N} once serving, then serves until killed. */
    public static void main(String[] args) throws Exception {
        // every load process taps from 127.0.0.1, one source to the broker's limits: lift them, or the bench measures them
        Broker b = Broker.builder().database(args[0]).keyFile(Path.of(args[1])).port(0).tapRateLimit(1_000_000, 1_000_000)
                .desktops(new NoDesktops()).build();
        b.start();
        System.out.println("port " + b.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Every user's "desktop" at one address with a fresh password: the broker tier without a desktop host. */
    static final class NoDesktops implements DesktopPool {
        private final java.security.SecureRandom random = new java.security.SecureRandom();

        @Override public DesktopAddress handOver(String userId, String displayName) {
            return new DesktopAddress("127.0.0.1", 5900, Long.toHexString(random.nextLong()));
        }

        @Override public void disconnect(String userId) {}

        @Override public void logoff(String userId) {}

        @Override public Optional<Snapshot> snapshot(String userId) { return Optional.empty(); }

        @Override public void close() {}
    }
}
