package org.rounds.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bench reads of a child JVM from outside it, so that the broker carries nothing for the
 * bench: its used heap after a full GC, through {@code jcmd} (a local attach), and its GC pauses,
 * from the GC log it was started to write ({@code -Xlog:gc}, wall-clock stamped, so pauses are
 * picked by the bench's own time window; the log's Pause lines are the stop-the-world pauses,
 * young, full, remark and cleanup alike).
 */
final class JvmGauges {
    /** G1 and the serial and parallel collectors print "used 123K"; ZGC prints "used 86M". */
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");
    private static final Pattern PAUSE = Pattern.compile("^\\[(\\d+)ms\\].* Pause .* ([0-9.]+)ms$");

    private JvmGauges() {}

    /**
     * The JVM options that make a child write its GC log to {@code log}, each line stamped with
     * epoch milliseconds; with gc+phases, as ZGC names its pauses only there.
     */
    static List<String> gcLogOptions(Path log) {
        return List.of("-Xlog:gc,gc+phases:file=" + log + ":timemillis");
    }

    /** The heap the JVM {@code pid} uses after a full collection (jcmd GC.run, then GC.heap_info), in bytes. */
    static long usedHeapAfterFullGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long kb = 0;
        for (String line : jcmd(pid, "GC.heap_info").lines().toList()) {
            if (line.strip().startsWith("Metaspace")) break;   // what follows is not the heap
            Matcher m = USED.matcher(line);
            // G1's or ZGC's one line, or each generation of the others
            if (m.find()) kb += Long.parseLong(m.group(1)) << (10 * "KMG".indexOf(m.group(2)));
        }
        if (kb == 0) throw new IOException("jcmd " + pid + " GC.heap_info printed no used heap");
        return kb * 1024;
    }

    /** The longest stop-the-world pause any of {@code logs} recorded from {@code fromMillis} to {@code toMillis} (epoch), in ms; 0 for none. */
    static double longestPauseMs(List<Path> logs, long fromMillis, long toMillis) throws IOException {
        double longest = 0;
        for (Path log : logs) longest = Math.max(longest, longestPauseMs(log, fromMillis, toMillis));
        return longest;
    }

    /** The longest stop-the-world pause the GC log recorded from {@code fromMillis} to {@code toMillis} (epoch), in ms; 0 for none. */
    static double longestPauseMs(Path log, long fromMillis, long toMillis) throws IOException {
        double longest = 0;
        if (!Files.exists(log)) return 0;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = PAUSE.matcher(line.strip());
            if (!m.find()) continue;
            long at = Long.parseLong(m.group(1));
            if (at >= fromMillis && at <= toMillis) longest = Math.max(longest, Double.parseDouble(m.group(2)));
        }
        return longest;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) throw new IOException("no jcmd in " + jcmd.getParent() + ": run the bench with a full JDK");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not finish in 60 s");
        }
        if (p.exitValue() != 0) throw new IOException("jcmd " + pid + " " + command + " exited with " + p.exitValue() + ": " + out.strip());
        return out;
    }
}
