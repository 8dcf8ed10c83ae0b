package org.rounds.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.rounds.cli.Main;

/**
 * A {@code rounds} command (a broker, a desktop host) in a JVM of its own on this machine, as an
 * operator would start it, so that a bench can kill it with SIGKILL as a crashed machine dies.
 * Its output goes to a log file the bench reads for the lines it waits for (no pipe to keep
 * drained); the commands never print a secret.
 */
final class RoundsProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private RoundsProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code rounds ARGS...} with this JVM's class path and at most {@code heap}; its output goes to {@code log}. */
    static RoundsProcess start(String name, String heap, List<String> args, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
                // C1 only: the four children start in a few seconds on a shared 2-core machine
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RoundsProcess(name, p, log);
    }

    /**
     * The first line of the output that starts with {@code prefix}, waited for at most {@code
     * limit}; the process exiting first, or the time running out, is one line with its last output.
     */
    String awaitLine(String prefix, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<String> found = lines().stream().filter(l -> l.startsWith(prefix)).findFirst();
            if (found.isPresent()) return found.get();
            if (!process.isAlive()) throw new IOException(name + " exited (" + process.exitValue() + ") before \"" + prefix + "\": " + firstLine());
            if (System.nanoTime() > end) throw new IOException(name + " did not say \"" + prefix + "\" within " + limit.toSeconds() + " s: " + lastLine());
            Thread.sleep(20);
        }
    }

    private List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    }

    /** A command's one-line error comes first (picocli prints the usage after it). */
    private String firstLine() throws IOException {
        List<String> l = lines();
        return l.isEmpty() ? "(no output)" : l.get(0);
    }

    private String lastLine() throws IOException {
        List<String> l = lines();
        return l.isEmpty() ? "(no output)" : l.get(l.size() - 1);
    }

    String name() { return name; }

    boolean alive() { return process.isAlive(); }

    /** SIGKILL: no shutdown hook runs; only the kernel closes its sockets. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGKILL without waiting, for a shutdown hook. */
    void killNow() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
