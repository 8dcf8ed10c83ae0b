package org.rounds.testpeers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the binaries of real peers and the free resources (display numbers, loopback ports)
 * they run on. A missing binary skips the test, except under {@code CI=true} where it fails:
 * CI must run every peer test.
 */
public final class Peers {

    private static final List<Path> EXTRA_DIRS =
            List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/local/sbin"), Path.of("/usr/bin"));

    /** Display numbers this JVM has handed out; other JVMs are kept apart by the X lock files. */
    private static final Set<Integer> RESERVED_DISPLAYS = ConcurrentHashMap.newKeySet();

    private Peers() {}

    /**
     * The path of {@code binary} (a name looked up on PATH and the sbin directories, or an
     * absolute path). When it is missing the test is aborted (skipped), or failed with
     * "missing peer BINARY: apt-get install PACKAGE" when the environment has {@code CI=true}.
     */
    public static Path require(String binary, String debianPackage) {
        Path found = find(binary);
        if (found != null) {
            return found;
        }
        return unavailable("missing peer " + binary + ": apt-get install " + debianPackage);
    }

    /**
     * Skips the test with {@code message} (one line saying what is missing and how to get it), or
     * fails it when the environment has {@code CI=true}. Never returns.
     */
    static <T> T unavailable(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return Assertions.fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static Path find(String binary) {
        Path asGiven = Path.of(binary);
        if (asGiven.isAbsolute()) {
            // an absolute path may name a library (a pcscd driver), so it only has to exist
            return Files.isRegularFile(asGiven) ? asGiven : null;
        }
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isBlank()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(binary);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A loopback TCP port that was free a moment ago (callers retry if a race takes it). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
        }
    }

    /**
     * A display number with no X socket and no lock file. Starts at a random point so that
     * parallel JVMs rarely pick the same one; the X server's own lock settles real races.
     */
    static int reserveDisplay() {
        int start = 20 + ThreadLocalRandom.current().nextInt(900);
        for (int i = 0; i < 900; i++) {
            int n = 20 + (start - 20 + i) % 900;
            if (!Files.exists(xSocket(n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))
                    && RESERVED_DISPLAYS.add(n)) {
                return n;
            }
        }
        throw new IllegalStateException("no free X display number in :20..:919");
    }

    static void releaseDisplay(int n) {
        RESERVED_DISPLAYS.remove(n);
    }

    /** java.io.tmpdir, created if missing (surefire points it at a folder under target/). */
    static Path tempDir() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the temp dir " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    static Path xSocket(int display) {
        return Path.of("/tmp/.X11-unix/X" + display);
    }

    static boolean acceptsTcp(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean acceptsUnix(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Polls {@code ready} until it holds, the process dies, or {@code timeout} passes; throws
     * with the peer's output tail in the last two cases.
     */
    static void awaitReady(String what, PeerProcess process, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (process != null && !process.isAlive()) {
                throw new PeerStartException(what + " exited with " + process.exitValue()
                        + " before it was ready; output tail:\n" + process.outputTail());
            }
            if (System.nanoTime() > deadline) {
                throw new PeerStartException(what + " not ready after " + timeout.toMillis() + " ms; output tail:\n"
                        + (process == null ? "" : process.outputTail()));
            }
            try {
                Thread.sleep(25);   // poll interval: a peer process tells no one when its socket or file is ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerStartException("interrupted while waiting for " + what);
            }
        }
    }
}
