package org.rounds.client.doctor;

import org.rounds.broker.api.OneLine;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code rounds doctor}: checks what this endpoint needs (Java, JavaFX, an X display, pcscd
 * and PC/SC readers, HID and USB access, free ports) and prints one line per check with what
 * was found or what to install. A check never throws and never takes more than
 * {@link #DEFAULT_BOUND}: each runs on its own daemon thread, and one that does not answer in
 * time is reported as missing (its thread is abandoned, being stuck in native code).
 */
public final class Doctor {

    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(2);

    private final Map<String, Supplier<Check>> checks;
    private final Duration bound;

    /** The standard checks. */
    public Doctor() {
        this(standardChecks(), DEFAULT_BOUND);
    }

    Doctor(Map<String, Supplier<Check>> checks, Duration bound) {
        this.checks = new LinkedHashMap<>(checks);
        this.bound = bound;
    }

    private static Map<String, Supplier<Check>> standardChecks() {
        Map<String, Supplier<Check>> m = new LinkedHashMap<>();
        m.put("Java", () -> SystemChecks.java(Runtime.version()));
        m.put("JavaFX", SystemChecks::javafx);
        m.put("X display", () -> SystemChecks.xDisplay(System.getenv("DISPLAY")));
        m.put("pcscd", PcscChecks::daemon);
        m.put("PC/SC readers", PcscChecks::readers);
        m.put("HID readers", DeviceChecks::hidReaders);
        m.put("USB access", DeviceChecks::usb);
        m.put("loopback ports", SystemChecks::loopbackPort);
        m.put("broker port", () -> SystemChecks.portFree(SystemChecks.DEFAULT_BROKER_PORT));
        return m;
    }

    /** Runs every check, all at once, each bounded in time. */
    public List<Check> run() {
        Map<String, CompletableFuture<Check>> running = new LinkedHashMap<>();
        checks.forEach((name, check) -> running.put(name, startBounded(name, check)));
        long deadline = System.nanoTime() + bound.toNanos();
        List<Check> results = new ArrayList<>();
        running.forEach((name, future) -> results.add(await(name, future, deadline)));
        return results;
    }

    /** Runs the checks and prints the report. Returns whether every check is ok. */
    public boolean print(PrintStream out) {
        List<Check> results = run();
        out.print(format(results));
        out.flush();
        return results.stream().allMatch(Check::ok);
    }

    /** The report: one aligned line per check, then a summary line. */
    static String format(List<Check> results) {
        int width = results.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (Check c : results) {
            sb.append(String.format(Locale.ROOT, "%-8s %-" + Math.max(width, 1) + "s  %s%n",
                    c.ok() ? "ok" : "MISSING", c.name(), c.detail()).replaceAll(" +(\\R)$", "$1"));
        }
        long missing = results.stream().filter(c -> !c.ok()).count();
        sb.append(missing == 0 ? "All " + results.size() + " checks ok." : missing + " of " + results.size()
                + " checks missing.").append(System.lineSeparator());
        return sb.toString();
    }

    private static CompletableFuture<Check> startBounded(String name, Supplier<Check> check) {
        CompletableFuture<Check> future = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                future.complete(check.get());
            } catch (Throwable e) {   // a native library failing to load is an Error: still one line
                future.complete(Check.missing(name, "check failed: " + OneLine.withType(e)));
            }
        }, "rounds-doctor-" + name.replace(' ', '-'));
        t.setDaemon(true);
        t.start();
        return future;
    }

    private Check await(String name, CompletableFuture<Check> future, long deadline) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Check.missing(name, "no answer within " + bound.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Check.missing(name, "check failed: " + OneLine.withType(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Check.missing(name, "interrupted");
        }
    }
}
