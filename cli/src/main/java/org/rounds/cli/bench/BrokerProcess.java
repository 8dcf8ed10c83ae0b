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
    private final Path caDir;   // null: plain HTTP

    private BrokerProcess(Process process, int port, Path caDir) {
        this.process = process;
        this.port = port;
        this.caDir = caDir;
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
        return start(dbUrl, keyFile, launcher, heap, jvmOptions, null);
    }

    /**
     * As {@link #start(String, Path, List, String, List)}, serving HTTPS only when {@code caDir} is
     * given: the development CA kept there (made by the first broker given it, reused by the next),
     * which issues endpoints' certificates at enrolment and which they trust ({@link #caPem}).
     */
    static BrokerProcess start(String dbUrl, Path keyFile, List<String> launcher, String heap, List<String> jvmOptions, Path caDir)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(launcher);
        command.addAll(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(), dbUrl,
                keyFile.toString()));
        if (caDir != null) command.add(caDir.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("port ")) {
                drain(out);
                return new BrokerProcess(p, Integer.parseInt(line.substring(5).trim()), caDir);
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
        return (caDir == null ? "http://" : "https://") + "127.0.0.1:" + port;
    }

    /** The development CA's certificate an HTTPS broker's endpoints trust (null for plain HTTP). */
    Path caPem() {
        return caDir == null ? null : caDir.resolve("dev-ca.pem");
    }

    /** GET {@code path} (e.g. /metrics, which needs no client certificate), trusting the broker's CA when it serves HTTPS. */
    String get(String path) throws IOException, InterruptedException {
        return client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    private java.net.http.HttpClient client;

    /** One client for this broker's scrapes (a bench reads /metrics several times a run), made at the first. */
    private synchronized java.net.http.HttpClient client() throws IOException {
        if (client != null) return client;
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder();
        if (caDir != null) {
            try {
                b.sslContext(EnrolledClients.trusting(caPem()));
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException("cannot trust " + caPem() + ": " + e.getMessage(), e);
            }
        }
        return client = b.build();
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

    /**
     * The child: {@code BrokerProcess JDBC_URL KEY_FILE [CA_DIR]}; prints {@code port N} once serving,
     * then serves until killed. With CA_DIR it serves HTTPS only, its development CA kept there.
     */
    public static void main(String[] args) throws Exception {
        // every load process taps from 127.0.0.1, one source to the broker's limits: lift them, or the bench measures them
        Broker.Builder builder = Broker.builder().database(args[0]).keyFile(Path.of(args[1])).port(0).tapRateLimit(1_000_000, 1_000_000)
                .desktops(new NoDesktops());
        if (args.length > 2) builder.tls(org.rounds.broker.tls.TlsSettings.devCa().caDirectory(Path.of(args[2])));
        Broker b = builder.build();
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
