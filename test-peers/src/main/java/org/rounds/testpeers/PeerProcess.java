package org.rounds.testpeers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A child process owned by a peer: output goes to a log file (so a failed start can show its
 * tail), and it is stopped by its own pid on close or, at the latest, by a JVM shutdown hook.
 */
final class PeerProcess implements AutoCloseable {

    private static final Set<PeerProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(() -> LIVE.forEach(PeerProcess::close), "test-peers-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private final String name;
    private final Process process;
    private final Path log;

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static PeerProcess start(String name, List<String> command, Map<String, String> env) {
        try {
            Path log = Files.createTempFile(Peers.tempDir(), "rounds-peer-" + name.replaceAll("[^A-Za-z0-9]", "_") + "-", ".log");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            PeerProcess p = new PeerProcess(name, pb.start(), log);
            LIVE.add(p);
            return p;
        } catch (IOException e) {
            throw new PeerStartException("cannot start " + name + " (" + command.get(0) + "): " + e);
        }
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    /** The last lines the process wrote, for error messages. */
    String outputTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the process and its descendants, SIGKILL after a grace period. */
    @Override
    public void close() {
        if (!LIVE.remove(this)) {
            return;
        }
        stop(process.toHandle());
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log file in the temp dir is harmless
        }
    }

    static void stop(ProcessHandle handle) {
        List<ProcessHandle> children = handle.descendants().toList();
        handle.destroy();
        children.forEach(ProcessHandle::destroy);
        awaitExit(handle, 3000);
        children.forEach(c -> awaitExit(c, 500));
    }

    private static void awaitExit(ProcessHandle handle, long graceMillis) {
        try {
            handle.onExit().get(graceMillis, TimeUnit.MILLISECONDS);
        } catch (Exception timeoutOrInterrupt) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more can be done with a process that survives SIGKILL
            }
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }
}
