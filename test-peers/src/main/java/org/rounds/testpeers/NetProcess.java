package org.rounds.testpeers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assertions;

/**
 * A process running in a {@link NetHost}'s namespace (started by {@link NetHost#start}). Its
 * stdout and stderr go to files under {@code target/test-network/} that stay after the test, for
 * reading a failure. The {@link TestNetwork} kills whatever still runs when it closes.
 */
public final class NetProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    NetProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Writes {@code line} and a newline to the process's stdin, for a process started with
     * {@link NetHost#startJavaDriven}; fails naming the process when it has ended.
     */
    public void send(String line) {
        try {
            var in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            Assertions.fail(this + " takes no more input (" + e.getMessage() + ")" + tails());
        }
    }

    /** The file that holds everything the process wrote to stdout. */
    public Path stdout() {
        return stdout;
    }

    /** The file that holds everything the process wrote to stderr. */
    public Path stderr() {
        return stderr;
    }

    /** What the process has written to stdout so far. */
    public String output() {
        return read(stdout);
    }

    /**
     * Returns once stdout contains {@code text} (a "listening on" line, say); fails naming the
     * process and the tails of both outputs when it exits first or {@code timeout} passes.
     */
    public void awaitOutput(String text, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 5;
        while (!output().contains(text)) {
            if (!process.isAlive() && !output().contains(text)) {
                Assertions.fail(this + " exited with " + process.exitValue() + " before printing '" + text + "'" + tails());
            }
            if (System.nanoTime() - deadline > 0) {
                Assertions.fail(this + " did not print '" + text + "' in " + timeout.toMillis() + " ms" + tails());
            }
            try {
                Thread.sleep(pause);   // a child process tells no one when it has written a line
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while waiting for " + this);
            }
            pause = Math.min(100, pause * 2);
        }
    }

    /** Waits up to {@code timeout} for the process to exit and returns its exit code; fails if it still runs. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                Assertions.fail(this + " still runs after " + timeout.toMillis() + " ms" + tails());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Assertions.fail("interrupted while waiting for " + this);
        }
        return process.exitValue();
    }

    /** SIGKILL to the process and everything it started, as a crash or a power cut would end it; returns once they are gone. */
    public void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        awaitGone(process.toHandle());
        children.forEach(NetProcess::awaitGone);
    }

    /** SIGTERM (a clean shutdown: shutdown hooks run), SIGKILL to what still runs after 5 s. */
    public void stop() {
        PeerProcess.stop(process.toHandle());
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** The last lines of both outputs, for a failure message. */
    String tails() {
        return "\nstdout tail:\n" + tail(stdout) + "\nstderr tail:\n" + tail(stderr);
    }

    private static void awaitGone(ProcessHandle handle) {
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // a process that survives SIGKILL for 5 s is stuck in the kernel: nothing more to do
        }
    }

    private static String tail(Path file) {
        List<String> lines = read(file).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);   // never fails on a torn multi-byte character
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }
}
