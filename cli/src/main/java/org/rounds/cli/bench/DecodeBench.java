package org.rounds.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rounds.display.client.DecodeStats;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbReplay;
import org.rounds.display.fbs.FbsReader;

/**
 * {@code rounds bench decode}: replays FBS recordings at full speed through the client's message
 * reader and decoders, as TurboVNC's viewer does with {@code -bench}, and prints one JSON object
 * per file. The file is read into memory first, so disk time is not counted; warm-up replays
 * (not counted) let the JIT compile the decoders first. Any encoding Rounds can decode is played,
 * whatever the recording client asked for; a recording cut short plays up to its last whole
 * message and says {@code "truncated": true}.
 */
public final class DecodeBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> files;
    private final int repeat;
    private final int warmup;
    private final PrintWriter out;

    public DecodeBench(List<Path> files, int repeat, int warmup, PrintWriter out) {
        if (repeat < 1) throw new IllegalArgumentException("--repeat must be at least 1");
        if (warmup < 0) throw new IllegalArgumentException("--warmup must not be negative");
        this.files = List.copyOf(files);
        this.repeat = repeat;
        this.warmup = warmup;
        this.out = out;
    }

    public int run() throws IOException {
        for (Path f : files) {
            out.println(JSON.writeValueAsString(bench(f)));
            out.flush();
        }
        return 0;
    }

    private ObjectNode bench(Path file) throws IOException {
        byte[] stream = serverStream(file);
        for (int i = 0; i < warmup; i++) replay(file, stream);
        Map<String, DecodeStats.Entry> total = new TreeMap<>();
        long updates = 0;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
        RfbReplay.Result last = null;
        for (int i = 0; i < repeat; i++) {
            last = replay(file, stream);
            updates += last.updates();
            last.stats().byEncoding().forEach((k, v) -> total.merge(k, v, DecodeStats.Entry::plus));
        }
        double wall = (System.nanoTime() - wall0) / 1e9, cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long rects = total.values().stream().mapToLong(DecodeStats.Entry::rectangles).sum();
        long pixels = total.values().stream().mapToLong(DecodeStats.Entry::pixels).sum();
        ObjectNode o = JSON.createObjectNode();
        o.put("file", file.toString());
        o.put("bytes", stream.length);
        o.put("screen", last.framebuffer().width() + "x" + last.framebuffer().height());
        o.put("repeat", repeat);
        o.put("updates", updates);
        o.put("rectangles", rects);
        o.put("pixels", pixels);
        o.put("wall_seconds", round(wall));
        o.put("cpu_seconds", round(cpu));
        o.put("mpix_per_s", round(pixels / 1e6 / wall));
        putCompleteness(o, last);
        ObjectNode per = o.putObject("encodings");
        total.forEach((name, e) -> {
            ObjectNode n = per.putObject(name);
            n.put("rectangles", e.rectangles());
            n.put("pixels", e.pixels());
            n.put("bytes", e.bytes());
            n.put("decode_seconds", round(e.nanos() / 1e9));
            if (e.pixels() > 0) n.put("mpix_per_s", round(e.megapixelsPerSecond()));
        });
        return o;
    }

    /**
     * Whether the recording ended in the middle of a message (Ctrl+C, a crash): it was then played
     * up to its last whole message, and {@code bytes_left_over} is what followed that message.
     */
    private static void putCompleteness(ObjectNode o, RfbReplay.Result r) {
        o.put("truncated", r.truncated());
        o.put("bytes_left_over", r.bytesLeftOver());
    }

    /**
     * {@code --vs-tigervnc}: for each file, the CPU one replay costs here (after the warm-up, the
     * median of {@code repeat} replays, the whole process's CPU time: decoding threads, GC, JIT)
     * and what TigerVNC's viewer spends on the same bytes (the median of {@code repeat} fresh
     * viewers, see {@link TigerVncReplay}), and their ratio (below 1: Rounds spends less). The two sides take turns, replay by replay.
     */
    public int runVersusTigerVnc() throws IOException {
        TigerVncReplay viewer = new TigerVncReplay(120_000);
        for (Path f : files) {
            out.println(JSON.writeValueAsString(versus(f, viewer)));
            out.flush();
        }
        return 0;
    }

    private ObjectNode versus(Path file, TigerVncReplay viewer) throws IOException {
        byte[] stream = serverStream(file);
        RfbReplay.Result first = replay(file, stream);
        for (int i = 1; i < warmup; i++) replay(file, stream);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] rounds = new double[repeat], tiger = new double[repeat], tigerWall = new double[repeat];
        String encoding = viewerEncoding(first.stats());
        for (int i = 0; i < repeat; i++) { // in turn, so that a machine getting busier weighs on both sides alike
            long cpu0 = os.getProcessCpuTime();
            replay(file, stream);
            rounds[i] = (os.getProcessCpuTime() - cpu0) / 1e9;
            TigerVncReplay.Run run;
            try {
                run = viewer.play(stream, encoding);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            tiger[i] = run.cpuSeconds();
            tigerWall[i] = run.wallSeconds();
        }
        double r = median(rounds), t = median(tiger);
        ObjectNode o = JSON.createObjectNode();
        o.put("file", file.toString());
        o.put("screen", first.framebuffer().width() + "x" + first.framebuffer().height());
        o.put("pixels", first.stats().totalPixels());
        o.put("viewer_encoding", encoding);
        o.put("runs", repeat);
        o.put("tigervnc_cpu_seconds", round(t));
        o.put("tigervnc_wall_seconds", round(median(tigerWall)));
        o.put("rounds_cpu_seconds", round(r));
        o.put("cpu_ratio", t == 0 ? null : round(r / t));
        var runs = o.putObject("each_run");
        var tr = runs.putArray("tigervnc_cpu_seconds");
        var rr = runs.putArray("rounds_cpu_seconds");
        for (int i = 0; i < repeat; i++) {
            tr.add(round(tiger[i]));
            rr.add(round(rounds[i]));
        }
        return o;
    }

    /** The encoding vncviewer is told to prefer: the one (of those it can prefer) that carried most pixels; it decodes whatever comes. */
    private static String viewerEncoding(DecodeStats stats) {
        Map<String, String> preferable = Map.of("tight", "Tight", "tightpng", "Tight", "zrle", "ZRLE", "hextile", "Hextile", "raw", "Raw");
        return stats.byEncoding().entrySet().stream().filter(e -> preferable.containsKey(e.getKey()))
                .max(java.util.Comparator.comparingLong(e -> e.getValue().pixels()))
                .map(e -> preferable.get(e.getKey())).orElse("Tight");
    }

    static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static RfbReplay.Result replay(Path file, byte[] stream) throws IOException {
        try {
            return RfbReplay.play(new ByteArrayInputStream(stream), new RfbListener() {});
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The recording's server byte stream, unwrapped from its FBS blocks. */
    static byte[] serverStream(Path file) throws IOException {
        try (InputStream in = FbsReader.open(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new IOException("no such file: " + file);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static double round(double v) { return Math.round(v * 1000) / 1000.0; }
}
