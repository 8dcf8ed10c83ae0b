package org.rounds.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The broker's private files. The data directory is the broker's alone: 0700, and every file in
 * it 0600. Java cannot set a umask, and H2 makes its files with the process's, so the directory is
 * made (or corrected) 0700 first, which already keeps everyone out, and its files are corrected
 * after each start. Keys are written with their final mode from creation (never briefly
 * world-readable), under a temporary name, then moved into place, so a crash half-way leaves the
 * old file or the new one, never half a key.
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
            throw new UncheckedIOException("cannot make the directory " + dir + " private (" + e.getMessage()
                    + "); check its owner and its parent's mode", e);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("the directory " + dir + " is on a file system without POSIX modes; put it on one that has them");
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

    /** Writes a secret: mode 600 from its creation. */
    public static void writePrivate(Path file, byte[] bytes) {
        write(file, bytes, "rw-------");
    }

    /** Writes what others must read, such as a CA certificate (mode 644). */
    public static void writeReadable(Path file, String text) {
        write(file, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "rw-r--r--");
    }

    private static void write(Path file, byte[] bytes, String mode) {
        Path temp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        try {
            boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
            FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                    : new FileAttribute<?>[0];
            try (SeekableByteChannel ch = Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
            }
            // the umask may have taken bits from a readable file; a private one only ever loses them
            if (posix) Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that is the error to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
