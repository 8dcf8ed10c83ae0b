package org.rounds.testpeers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps a test JVM's tests alone on the machine: its JUnit session waits for a machine-wide file
 * lock and holds it until the session closes (or the JVM ends). Maven builds modules side by side
 * ({@code -T1C} in {@code .mvn/maven.config}), but a full {@code mvn verify} runs real peers whose
 * deadlines (a failover within 2 s, a lock within 100 ms) were set for tests that have the
 * machine's cores to themselves, so its modules' tests still take turns. {@code -Pquick} runs only
 * unit tests and sets {@value #SIDE_BY_SIDE} to let them overlap. Registered in
 * {@code META-INF/services}; every module whose tests have test-peers on their class path takes
 * part.
 */
public final class OneModuleAtATime implements LauncherSessionListener {
    /** The system property, set true by {@code -Pquick}, under which test JVMs do not take turns. */
    public static final String SIDE_BY_SIDE = "rounds.test.modules.side.by.side";

    private final Path file;
    private final boolean sideBySide;
    private FileChannel channel;
    private FileLock lock;

    /** The machine's lock (one per user), unless {@value #SIDE_BY_SIDE} is true. */
    public OneModuleAtATime() {
        this(Path.of(System.getProperty("java.io.tmpdir"), "rounds-tests-" + System.getProperty("user.name") + ".lock"),
                Boolean.getBoolean(SIDE_BY_SIDE));
    }

    OneModuleAtATime(Path file, boolean sideBySide) {
        this.file = file;
        this.sideBySide = sideBySide;
    }

    @Override
    public synchronized void launcherSessionOpened(LauncherSession session) {
        if (sideBySide || lock != null) return;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the machine's test lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void launcherSessionClosed(LauncherSession session) {
        if (lock == null) return;
        try {
            channel.close();   // releases the lock
        } catch (IOException e) {
            // the JVM's end releases it anyway
        } finally {
            lock = null;
            channel = null;
        }
    }
}
