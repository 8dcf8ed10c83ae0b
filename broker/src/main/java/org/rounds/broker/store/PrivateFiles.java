package org.rounds.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory is the broker's alone: 0700, and every file in it 0600. Java cannot set a
 * umask, and H2 makes its files with the process's, so the directory is made (or corrected) 0700
 * first, which already keeps everyone out, and its files are corrected after each start.
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Makes {@code dir} (and its parents) or corrects its mode to 0700. */
    public static Path directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                if (dir.toAbsolutePath().getParent() != null) Files.createDirectories(dir.toAbsolutePath().getParent());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
            }
            Files.setPosixFilePermissions(dir, DIR);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the data directory " + dir + " private (" + e.getMessage()
                    + "); check its owner and its parent's mode", e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("the data directory " + dir + " is on a file system without POSIX modes; put it on one that has them");
        }
    }

    /** Sets every directory under {@code dir} to 0700 and every file to 0600 (symbolic links are left alone). */
    public static void tighten(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isSymbolicLink(p)) continue;
                try {
                    Files.setPosixFilePermissions(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIR : FILE);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a temporary file H2 removed meanwhile
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the files in " + dir + " private (" + e.getMessage() + "); check their owner", e);
        }
    }
}
