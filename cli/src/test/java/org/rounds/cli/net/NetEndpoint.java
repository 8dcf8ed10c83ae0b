package org.rounds.cli.net;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.NetHost;
import org.rounds.testpeers.NetProcess;

/**
 * The test's side of a {@link NetEndpointMain} in a namespace: commands in, lines out. Lines are
 * read from the process's stdout file; {@link #mark()} is a line count, so a wait can ask for a
 * line that came after a given moment.
 */
final class NetEndpoint {
    final String id;
    final NetHost host;
    final NetProcess process;

    NetEndpoint(String id, NetHost host, NetProcess process) {
        this.id = id;
        this.host = host;
        this.process = process;
    }

    /** Inside the xterm, below the lines the test types. */
    static final String POINTER_AT = "400 250", POINTER = "point " + POINTER_AT;

    void send(String command) {
        process.send(command);
    }

    /** Taps {@code badge} on the endpoint's simulated reader (presented, then taken away). */
    void tap(String badge) {
        send("tap " + badge);
    }

    List<String> lines() {
        return process.output().lines().toList();
    }

    int mark() {
        return lines().size();
    }

    /** The first line from {@code mark} on that {@code wanted} accepts, waiting up to {@code timeout}. */
    String await(int mark, String what, Predicate<String> wanted, Duration timeout) {
        String[] found = new String[1];
        Await.until(timeout, () -> id + ": " + what + "; its last lines:\n" + tail(), () -> {
            Optional<String> line = lines().stream().skip(mark).filter(wanted).findFirst();
            line.ifPresent(l -> found[0] = l);
            return line.isPresent();
        });
        return found[0];
    }

    /** The line starting with {@code prefix} that {@code command} prints (after the rest of the prefix). */
    String ask(String command, String prefix) {
        int m = mark();
        send(command);
        return await(m, "an answer to " + command, l -> l.startsWith(prefix), Duration.ofSeconds(10)).substring(prefix.length());
    }

    /** {@code SHA256 WxH COLOURS} of the framebuffer shown but the square around the pointer, or {@code none}. */
    String frame() {
        return ask("frame " + POINTER_AT, "frame ");   // every endpoint leaves out the same square: the pointer's
    }

    /**
     * Waits until the screen shows more than two colours (the test's blue and yellow xterm has
     * mapped its window on the session's black and white root) and two frames in a row are the same, then puts the pointer on the
     * xterm (mapped at the top left, 484 x 316), below its first lines of text, so that typed keys
     * reach it and the pointer hides no typed text.
     * Returns that settled frame.
     */
    String awaitSettledDesktop(Duration timeout) {
        String[] last = {""};
        Await.until(timeout, () -> id + ": a settled desktop with its xterm; last frame " + last[0], () -> {
            String now = frame();
            boolean settled = now.equals(last[0]) && !now.equals("none") && Integer.parseInt(now.substring(now.lastIndexOf(' ') + 1)) > 2;
            last[0] = now;
            return settled;
        });
        send(POINTER);
        return last[0];
    }

    String broker() {
        return ask("broker", "broker ");
    }

    /** The transition to IN_SESSION from {@code mark} on; its line names the desktop's address. */
    String awaitInSession(int mark, Duration timeout) {
        return await(mark, "IN_SESSION", l -> l.startsWith("transition ") && l.contains(" IN_SESSION "), timeout);
    }

    /** The transition to LOCKED from {@code mark} on. */
    String awaitLocked(int mark, Duration timeout) {
        return await(mark, "LOCKED", l -> l.startsWith("transition ") && l.contains(" LOCKED "), timeout);
    }

    /** {@link System#nanoTime()} of the first {@code painted}/{@code cleared} line from {@code mark} on. */
    long awaitNanos(int mark, String event, Duration timeout) {
        return Long.parseLong(await(mark, event, l -> l.startsWith(event + " "), timeout).substring(event.length() + 1).trim());
    }

    private String tail() {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
    }
}
