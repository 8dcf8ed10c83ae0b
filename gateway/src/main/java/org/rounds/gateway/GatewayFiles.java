package org.rounds.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.rounds.broker.api.OwnKeys;

/**
 * All a gateway keeps, under {@code --data}: its key ({@value #KEY}, mode 600 from the moment
 * the file exists), the certificate a broker issued it ({@value #CERTIFICATE}), the broker CA of
 * that answer ({@value #BROKER_CA}), and, when no {@code --tls-cert} is given, the development
 * certificate of its public port under {@value #DEV_TLS}. Nothing else: sessions, throttles and
 * tunnels live in memory or in the brokers, so several gateways can stand behind one name.
 */
public record GatewayFiles(Path dir) {
    public static final String KEY = "gateway-key.pem";
    public static final String CERTIFICATE = "gateway.pem";
    public static final String BROKER_CA = "broker-ca.pem";
    public static final String DEV_TLS = "public-tls";

    public Path key() { return dir.resolve(KEY); }

    public Path certificate() { return dir.resolve(CERTIFICATE); }

    public Path brokerCa() { return dir.resolve(BROKER_CA); }

    /** Enrolled: the key and its certificate are both there (the certificate is written last). */
    public boolean enrolled() {
        return Files.isRegularFile(key()) && Files.isRegularFile(certificate());
    }

    /** Makes {@code d} (mode 700 when made here); refuses a file system without POSIX modes, where a key cannot be kept private. */
    static void privateDirectory(Path d) {
        try {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d);
                if (d.getFileSystem().supportedFileAttributeViews().contains("posix"))
                    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new GatewayException("cannot create " + d + ": " + e.getMessage() + "; give a --data directory this user may write");
        }
        if (!d.getFileSystem().supportedFileAttributeViews().contains("posix"))
            throw new GatewayException(d + " is on a file system without POSIX modes, where the gateway key cannot be kept private; "
                    + "give a --data directory on another file system");
    }

    /**
     * Writes {@code text} under a temporary name created with {@code mode} (the mode is given at
     * creation, so the key is never readable by others for a moment), then moves it over {@code file}.
     */
    static void write(Path file, String text, String mode) {
        try {
            OwnKeys.write(file, text, mode);
        } catch (IOException e) {
            throw new GatewayException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
