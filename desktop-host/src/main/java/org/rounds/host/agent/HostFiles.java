package org.rounds.host.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where an enrolled host keeps its identity under {@code --data}: its key ({@value #KEY}, mode
 * 600 from the moment the file exists), the certificate the broker CA issued it ({@value
 * #CERTIFICATE}) and that CA ({@value #BROKER_CA}). The pools serve the desktop port with the
 * same key and certificate.
 */
public record HostFiles(Path dir) {
    public static final String KEY = "host-key.pem";
    public static final String CERTIFICATE = "host.pem";
    public static final String BROKER_CA = "broker-ca.pem";

    public Path key() { return dir.resolve(KEY); }

    public Path certificate() { return dir.resolve(CERTIFICATE); }

    public Path brokerCa() { return dir.resolve(BROKER_CA); }

    /** Enrolled: the key and its certificate are both there (the certificate is written last). */
    public boolean enrolled() {
        return Files.isRegularFile(key()) && Files.isRegularFile(certificate());
    }

    /** Refuses a directory on a file system without POSIX modes: the key could not be kept from others. */
    void requirePosix() {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix"))
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));   // made here: ours alone
            }
        } catch (IOException e) {
            throw new HostAgentException("cannot create --data " + dir + ": " + e.getMessage() + "; give a directory this user may write");
        }
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix"))
            throw new HostAgentException("--data " + dir + " is on a file system without POSIX modes, where the host key cannot be kept private; "
                    + "give a directory on another file system");
    }

    /**
     * Writes {@code text} under a temporary name created with {@code mode} (never a moment with a
     * wider one: the mode is given at creation, and set again since a umask only removes bits),
     * then moves it over {@code file}.
     */
    static void write(Path file, String text, String mode) {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime());
        FileAttribute<?> attr = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
        try {
            try (SeekableByteChannel ch = Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attr)) {
                ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (b.hasRemaining()) ch.write(b);
            }
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write failed already; that is what to report
            }
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
