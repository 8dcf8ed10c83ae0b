package org.rounds.host.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.rounds.broker.api.OwnKeys;

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
        try {
            OwnKeys.write(file, text, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
