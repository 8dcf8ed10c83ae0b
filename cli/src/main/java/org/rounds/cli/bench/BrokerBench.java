package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.rounds.broker.Broker;
import org.rounds.broker.StoreAdmin;
import org.rounds.cli.bench.BrokerProcess;

/**
 * {@code rounds bench broker}: one broker process on PostgreSQL, driven over loopback by load
 * processes ({@link BrokerLoadWorker}, at most {@value #PER_WORKER} endpoints each) that hold a
 * push WebSocket per endpoint and tap at a fixed rate. Prints one JSON object: endpoints held
 * (as the load saw them, and as the broker's /metrics counts them), taps/s answered, p50/p99
 * tap latency, errors. Processes are started through {@code prlimit} when that can raise the
 * file descriptor limit, so that the broker is not capped at the shell's.
 */
public final class BrokerBench {
    static final int PER_WORKER = 9000;
    private static final int WARMUP_SECONDS = 5;

    private final int endpoints, seconds;
    private final double tapsPerSecond;
    private final String dbUrl;
    private final PrintStream out;

    public BrokerBench(int endpoints, double tapsPerSecond, int seconds, String dbUrl, PrintStream out) {
        if (endpoints < 1 || endpoints > 100_000) throw new IllegalArgumentException("--endpoints " + endpoints + " is outside 1..100000");
        if (!(tapsPerSecond > 0 && tapsPerSecond <= 5000)) throw new IllegalArgumentException("--taps-per-s must be in (0, 5000]");
        if (seconds < 1 || seconds > 600) throw new IllegalArgumentException("--seconds " + seconds + " is outside 1..600");
        this.endpoints = endpoints;
        this.tapsPerSecond = tapsPerSecond;
        this.seconds = seconds;
        this.dbUrl = dbUrl;
        this.out = out;
    }

    public int run() throws Exception {
        return BenchDatabase.with(dbUrl, "rounds_bench", this::run);
    }

    private int run(String url) throws Exception {
        int users = Math.min(endpoints, 2000);
        java.nio.file.Path key = BenchDatabase.keyFile();
        try (StoreAdmin admin = Broker.admin(url, key)) {
            for (int u = 0; u < users; u++) admin.enroll("bench-u" + u, "Bench User " + u, BrokerLoadWorker.badge(u));
        }
        List<String> launcher = moreFileDescriptors();
        List<Process> workers = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(url, key, launcher, "4g")) {
            int n = (endpoints + PER_WORKER - 1) / PER_WORKER;
            for (int w = 0; w < n; w++) {
                int first = w * PER_WORKER, count = Math.min(PER_WORKER, endpoints - first);
                workers.add(worker(launcher, broker.baseUrl(), first, count, users, tapsPerSecond / n));
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process p : workers) outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            for (BufferedReader r : outputs) line(r, "ready");
            int heldByBroker = pushChannels(broker.baseUrl());
            for (Process p : workers) {
                Writer go = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
                go.write("go\n");
                go.flush();
            }
            List<JsonNode> results = new ArrayList<>();
            for (BufferedReader r : outputs) results.add(line(r, "held"));
            int heldAtEnd = pushChannels(broker.baseUrl());
            return report(results, heldByBroker, heldAtEnd, !launcher.isEmpty());
        } finally {
            for (Process p : workers) p.destroyForcibly();
        }
    }

    private Process worker(List<String> launcher, String base, int first, int count, int users, double rate) throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), BrokerLoadWorker.class.getName(), base, Integer.toString(first),
                Integer.toString(count), Integer.toString(users), Double.toString(rate), Integer.toString(seconds),
                Integer.toString(WARMUP_SECONDS)));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** The worker's next JSON line that has {@code field}; its other output is skipped. */
    private static JsonNode line(BufferedReader r, String field) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String l; (l = r.readLine()) != null; ) {
            if (!l.startsWith("{")) continue;
            JsonNode n = json.readTree(l);
            if (n.has(field)) return n;
        }
        throw new IOException("a load process ended before it said \"" + field + "\"");
    }

    /** The broker's own count of open push channels, from its Prometheus metrics. */
    private static int pushChannels(String base) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("rounds_push_channels"))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    /** {@code prlimit --nofile=65536:65536} when it works here (root, or a high enough hard limit); else nothing. */
    private static List<String> moreFileDescriptors() {
        List<String> launcher = List.of("prlimit", "--nofile=65536:65536");
        try {
            List<String> probe = new ArrayList<>(launcher);
            probe.add("true");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? launcher : List.of();
        } catch (IOException | InterruptedException e) {
            return List.of();
        }
    }

    private int report(List<JsonNode> results, int heldByBroker, int heldAtEnd, boolean raisedLimit) throws Exception {
        List<Long> all = new ArrayList<>();
        int held = 0, errors = 0, events = 0, acks = 0;
        String firstError = null;
        for (JsonNode r : results) {
            events += r.path("events").asInt();
            acks += r.path("acks").asInt();
            held += r.get("held").asInt();
            errors += r.get("errors").asInt();
            if (firstError == null && r.has("firstError")) firstError = r.get("firstError").asText();
            r.get("latencyMicros").forEach(v -> all.add(v.asLong() * 1000));
        }
        long[] nanos = all.stream().mapToLong(Long::longValue).toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("bench", "broker");
        r.put("store", "postgresql");
        r.put("endpoints", endpoints);
        r.put("endpointsHeld", held);
        r.put("pushChannelsOnBroker", Map.of("beforeTaps", heldByBroker, "atEnd", heldAtEnd));
        r.put("loadProcesses", results.size());
        r.put("fileDescriptorLimitRaised", raisedLimit);
        r.put("seconds", seconds);
        r.put("warmupSeconds", WARMUP_SECONDS);
        r.put("tapsPerSecondAsked", tapsPerSecond);
        r.put("tapsAnswered", nanos.length);
        r.put("tapsPerSecond", Math.round(10.0 * nanos.length / seconds) / 10.0);
        r.put("tapLatencyMs", Latencies.summary(nanos));
        r.put("sessionMovedPushes", Map.of("received", events, "acknowledged", acks));
        r.put("errors", errors);
        if (firstError != null) r.put("firstError", firstError);
        r.put("goal", "20000 endpoints held, 500 taps/s, p99 < 100 ms");
        out.println(new ObjectMapper().writeValueAsString(r));
        return errors == 0 ? 0 : 1;
    }
}
