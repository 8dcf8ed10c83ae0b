package org.rounds.broker.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who has an H2 store open: a broker while it runs, or a store tool (enroll, users, kiosk,
 * rotate-key) while it works. H2 without {@code AUTO_SERVER} cannot share its file, and the
 * network listener that let it is gone; this lock turns the clash into one line instead of
 * H2's "Database may be already in use". Another process is kept out by an OS lock on
 * {@code broker.lock}; this JVM by a set of held directories, because on Linux closing any
 * channel on the file would drop the process's lock.
 */
public final class StoreLock implements AutoCloseable {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** Holds the store in {@code dir}, or throws IllegalStateException with {@code inUse} when someone else does. */
    public static StoreLock acquire(Path dir, String inUse) {
        Path key = dir.toAbsolutePath().normalize();
        if (!HELD.add(key)) throw new IllegalStateException(inUse);
        try {
            FileChannel ch = FileChannel.open(key.resolve("broker.lock"), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                throw new IllegalStateException(inUse);
            }
            return new StoreLock(key, ch, l);
        } catch (IOException e) {
            HELD.remove(key);
            throw new IllegalStateException("cannot lock the store in " + dir + " (" + e.getMessage() + "); check the directory's owner and mode");
        } catch (RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the process's end releases it anyway
        } finally {
            HELD.remove(dir);
        }
    }
}
