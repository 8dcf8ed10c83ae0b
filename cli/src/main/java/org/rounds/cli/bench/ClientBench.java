package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.Broker;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.cli.demo.DemoBadge;

/**
 * {@code rounds bench client}: starts {@code rounds client} as a separate process against an
 * embedded broker and desktop host, and measures what a nurse meets:
 * process start → lock screen shown (cold start; the client prints a line when its window is
 * shown), and the resident memory (VmRSS) of that process while it shows a session. Needs a
 * display (run it under {@code xvfb-run} on a server). Prints one JSON object.
 *
 * <p>The client runs as an endpoint's package runs it: its own jar ({@code rounds-endpoint.jar},
 * named by {@code -Drounds.endpoint.jar}, which {@code ./rounds} sets) with its own AppCDS
 * archive beside it, made by one untimed run that goes as far as a session (the window's and the
 * decoders' classes). Without that property it runs the bench's own classpath, as before.
 */
public final class ClientBench {
    private static final long TIMEOUT_S = 60;
    private final int runs;
    private final PrintStream out;

    public ClientBench(int runs, PrintStream out) {
        if (runs < 1 || runs > 50) throw new IllegalArgumentException("--runs " + runs + " is outside 1..50");
        this.runs = runs;
        this.out = out;
    }

    public int run() throws Exception {
        long[] coldMs = new long[runs];
        Launcher launcher = Launcher.find();
        long rssKb = -1;
        EmbeddedDesktopPool desktops = new EmbeddedDesktopPool();
        Broker broker = Broker.builder().inMemory().port(0).desktops(desktops).build();
        try {
            broker.start();
            DemoBadge nurse = DemoBadge.NURSE;
            broker.enroll(nurse.userId().orElseThrow(), nurse.displayName(), nurse.badgeId());
            if (launcher.needsArchive()) {
                try (Child c = Child.start(launcher.command(true), broker.baseUrl(), "bench-cds")) {
                    c.await("rounds client: lock screen shown");
                    c.say("tap " + nurse.badgeId());
                    c.await("-> IN_SESSION");
                }
            }
            for (int i = 0; i < runs; i++) {
                try (Child c = Child.start(launcher.command(false), broker.baseUrl(), "bench-" + i)) {
                    coldMs[i] = c.await("rounds client: lock screen shown");
                    if (i == runs - 1) {
                        c.say("tap " + nurse.badgeId());
                        c.await("-> IN_SESSION");
                        Thread.sleep(2000);   // the first frames decoded and painted, the heap settled
                        rssKb = c.rssKb();
                    }
                }
            }
        } finally {
            broker.close();
            desktops.close();
        }
        long[] sorted = coldMs.clone();
        Arrays.sort(sorted);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bench", "client");
        json.put("runs", runs);
        json.put("launched", launcher.describe());
        json.put("coldStartToLockScreenMs", Map.of("median", sorted[runs / 2], "max", sorted[runs - 1],
                "each", Arrays.stream(coldMs).boxed().toList()));
        json.put("sessionRssMb", rssKb < 0 ? null : Math.round(rssKb / 102.4) / 10.0);
        json.put("goals", Map.of("coldStartMs", 2000, "sessionRssMb", 250));
        out.println(new ObjectMapper().writeValueAsString(json));
        return 0;
    }

    /** One {@code rounds client} process, its output read line by line. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final long startNanos;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Writer stdin;

        private Child(Process process, long startNanos) {
            this.process = process;
            this.startNanos = startNanos;
            this.stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) lines.add(line);
                } catch (IOException ended) {
                    // the process is gone
                }
            }, "rounds-bench-client-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(List<String> launch, String broker, String endpoint) throws IOException {
            List<String> cmd = new ArrayList<>(launch);
            // the bench's broker is a loopback HTTP one, and it taps through the endpoint's standard input
            cmd.addAll(List.of("client", "--broker", broker, "--endpoint", endpoint, "--insecure-dev", "--simulate-reader"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("ROUNDS_LOG_LEVEL", "INFO");   // the endpoint's transitions, to see the session shown
            long t0 = System.nanoTime();
            return new Child(pb.start(), t0);
        }

        /** Milliseconds from process start until a line containing {@code marker}. */
        long await(String marker) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < end) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!process.isAlive()) break;
                    continue;
                }
                seen.add(line);
                if (line.contains(marker)) return (System.nanoTime() - startNanos) / 1_000_000;
            }
            throw new IllegalStateException("rounds client never printed '" + marker + "'; its last lines: "
                    + String.join(" | ", seen.subList(Math.max(0, seen.size() - 5), seen.size())));
        }

        void say(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        long rssKb() throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** How the client is started: the endpoint's jar with its AppCDS archive, or the bench's classpath. */
    private record Launcher(Path endpointJar, Path archive) {
        static Launcher find() {
            String jar = System.getProperty("rounds.endpoint.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) return new Launcher(null, null);
            Path p = Path.of(jar).toAbsolutePath();
            try {
                String stamp = Files.getLastModifiedTime(p).toMillis() / 1000 + "-" + Files.size(p);
                return new Launcher(p, p.resolveSibling("rounds-endpoint-" + stamp + ".jsa"));
            } catch (IOException e) {
                return new Launcher(p, null);
            }
        }

        /** Whether an untimed run must first write the archive. */
        boolean needsArchive() {
            return archive != null && !Files.exists(archive);
        }

        /** The command up to the subcommand; {@code dump} writes the archive at exit. */
        List<String> command(boolean dump) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            // the JVM options of the process running the bench (the rounds launcher's), but its own archive
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> endpointJar == null ? !a.startsWith("-XX:ArchiveClassesAtExit")
                            : !a.startsWith("-XX:ArchiveClassesAtExit") && !a.startsWith("-XX:SharedArchiveFile") && !a.startsWith("-Xshare"))
                    .forEach(cmd::add);
            String extra = System.getenv().getOrDefault("ROUNDS_BENCH_CLIENT_OPTS", "").strip();
            if (!extra.isEmpty()) cmd.addAll(List.of(extra.split("\\s+")));
            if (endpointJar == null) {
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.rounds.cli.Main"));
                return cmd;
            }
            if (archive != null) cmd.add(dump ? "-XX:ArchiveClassesAtExit=" + archive : "-XX:SharedArchiveFile=" + archive);
            cmd.addAll(List.of("-jar", endpointJar.toString()));
            return cmd;
        }

        String describe() {
            return endpointJar == null ? "the bench's classpath" : endpointJar.getFileName() + (archive != null ? " with AppCDS" : "");
        }
    }
}
