package org.rounds.testpeers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs short commands (mostly {@code ip}) to completion and returns what they printed. Used to
 * build and tear down a {@link TestNetwork}; every run has a deadline, so a hung command cannot
 * hang a test's cleanup.
 */
final class Ip {

    /** What a finished command printed. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private static final long TIMEOUT_SECONDS = 30;

    private final Path ip;

    Ip(Path ip) {
        this.ip = ip;
    }

    /** {@code ip ARGS}, which must succeed; otherwise an exception naming the command and its stderr. */
    String run(String... args) {
        Result r = tryRun(args);
        if (!r.ok()) {
            throw new IllegalStateException("ip " + String.join(" ", args) + " failed (" + r.exitCode() + "): " + r.stderr().strip());
        }
        return r.stdout();
    }

    /** {@code ip ARGS}, whatever its outcome (teardown: a link already gone is no error). */
    Result tryRun(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ip.toString());
        command.addAll(List.of(args));
        return exec(command);
    }

    /** Any command, stdin from /dev/null, both outputs read to the end; exit code -1 when it outlives the deadline. */
    static Result exec(List<String> command) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            return new Result(-1, "", "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            return new Result(-1, "", String.join(" ", command) + ": " + e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
