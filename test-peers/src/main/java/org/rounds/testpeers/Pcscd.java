package org.rounds.testpeers;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The PC/SC daemon ({@code pcscd --foreground}) with the vsmartcard {@code vpcd} driver, whose
 * reader N waits for a virtual card on TCP port {@code 35963 + N}. Only one pcscd can run on a
 * machine (it owns {@code /run/pcscd/pcscd.comm}), so starting one waits for a JVM-wide lock
 * and a machine-wide file lock; closing stops it by pid and releases both.
 */
public final class Pcscd implements AutoCloseable {

    public static final Path SOCKET = Path.of("/run/pcscd/pcscd.comm");
    private static final int VPCD_BASE_PORT = 35963;
    private static final Path LOCK_FILE = Path.of("/tmp/rounds-test-peers-pcscd.lock");
    private static final Semaphore JVM_LOCK = new Semaphore(1);
    private static final Duration LOCK_WAIT = Duration.ofMinutes(3);

    private final PeerProcess daemon;
    private final FileChannel lockChannel;
    private final FileLock machineLock;
    private boolean closed;

    private Pcscd(PeerProcess daemon, FileChannel lockChannel, FileLock machineLock) {
        this.daemon = daemon;
        this.lockChannel = lockChannel;
        this.machineLock = machineLock;
    }

    public static Pcscd start() {
        Path pcscd = Peers.require("pcscd", "pcscd");
        Peers.require("/usr/lib/pcsc/drivers/serial/libifdvpcd.so", "vsmartcard-vpcd");
        acquireJvmLock();
        FileChannel channel = null;
        FileLock lock = null;
        PeerProcess p = null;
        try {
            channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = acquireMachineLock(channel);
            if (Peers.acceptsUnix(SOCKET)) {
                throw new PeerStartException("a pcscd that this test did not start is already running ("
                        + SOCKET + " answers); stop it first");
            }
            awaitVpcdPortsFree();
            p = PeerProcess.start("pcscd", List.of(pcscd.toString(), "--foreground"), Map.of());
            PeerProcess started = p;
            Peers.awaitReady("pcscd", p, Duration.ofSeconds(20),
                    () -> Peers.acceptsUnix(SOCKET) && listening(VPCD_BASE_PORT));
            return new Pcscd(started, channel, lock);
        } catch (IOException e) {
            cleanup(p, channel, lock);
            throw new PeerStartException("cannot lock " + LOCK_FILE + ": " + e.getMessage());
        } catch (RuntimeException | Error e) {
            cleanup(p, channel, lock);
            throw e;
        }
    }

    /** The TCP port on 127.0.0.1 where vpcd's reader {@code reader} waits for a virtual card. */
    public int vpcdPort(int reader) {
        return VPCD_BASE_PORT + reader;
    }

    public long pid() {
        return daemon.pid();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cleanup(daemon, lockChannel, machineLock);
    }

    private static void cleanup(PeerProcess p, FileChannel channel, FileLock lock) {
        try {
            if (p != null) {
                p.close();
            }
        } finally {
            try {
                if (lock != null) {
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the lock dies with the channel or the JVM anyway
            } finally {
                JVM_LOCK.release();
            }
        }
    }

    private static void acquireJvmLock() {
        try {
            if (!JVM_LOCK.tryAcquire(LOCK_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new PeerStartException("another test in this JVM held pcscd for " + LOCK_WAIT.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerStartException("interrupted while waiting for pcscd");
        }
    }

    private static FileLock acquireMachineLock(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new PeerStartException("another process held " + LOCK_FILE + " for " + LOCK_WAIT.toMinutes() + " min");
            }
            try {
                Thread.sleep(100);   // poll interval: FileChannel.lock() would wait without a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerStartException("interrupted while waiting for " + LOCK_FILE);
            }
        }
    }

    /**
     * A pcscd stopped while a card was connected leaves vpcd's port in TIME_WAIT for about a
     * minute, and vpcd binds without SO_REUSEADDR ("Address already in use"): wait, bounded,
     * until no socket of any state holds the ports of readers 0 and 1.
     */
    private static void awaitVpcdPortsFree() {
        long end = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (socketState(VPCD_BASE_PORT, null) || socketState(VPCD_BASE_PORT + 1, null)) {
            if (System.nanoTime() > end) {
                throw new PeerStartException("vpcd's ports " + VPCD_BASE_PORT + "-" + (VPCD_BASE_PORT + 1)
                        + " are still in use after 90 s; see 'ss -tanp | grep 3596'");
            }
            try {
                Thread.sleep(250);   // poll interval: the kernel tells no one when TIME_WAIT ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PeerStartException("interrupted while waiting for vpcd's ports");
            }
        }
    }

    /**
     * Whether something listens on this TCP port, read from /proc/net/tcp: connecting to the
     * vpcd port to find out would insert a card.
     */
    static boolean listening(int port) {
        return socketState(port, "0A");
    }

    /** Whether a socket with this local port is in {@code state} (hex, as /proc/net/tcp shows it; null = any). */
    private static boolean socketState(int port, String state) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort) && (state == null || f[3].equals(state))) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // no such table (no IPv6): look at the other one
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "pcscd[pid " + daemon.pid() + ", vpcd 127.0.0.1:" + VPCD_BASE_PORT + "]";
    }
}
