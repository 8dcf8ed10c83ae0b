package org.rounds.broker.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Key files written safely: created with their final mode (600 for keys, never briefly
 * world-readable), under a temporary name, then moved into place, so a crash half-way leaves
 * nothing a later start would mistake for a key.
 */
final class PrivateFiles {
    private PrivateFiles() {}

    /** Creates {@code dir} (mode 700 where the file system has POSIX modes). */
    static Path directory(Path dir) {
        try {
            if (posix(dir.getFileSystem().getPath("/")) ) {
                if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.createDirectories(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " for the broker's keys: " + e.getMessage(), e);
        }
    }

    /** Writes a secret: mode 600 from creation. */
    static void writePrivate(Path file, byte[] bytes) {
        write(file, bytes, "rw-------");
    }

    /** Writes a certificate others must read (mode 644). */
    static void writeReadable(Path file, String text) {
        write(file, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "rw-r--r--");
    }

    private static void write(Path file, byte[] bytes, String mode) {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        try {
            boolean posix = posix(file.getParent());
            FileAttribute<?>[] attrs = posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                    : new FileAttribute<?>[0];
            try (SeekableByteChannel ch = Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) ch.write(b);
            }
            // the umask may have taken bits from a readable file; a private one only ever loses them
            if (posix) Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; that is the error to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
