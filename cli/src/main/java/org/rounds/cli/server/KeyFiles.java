package org.rounds.cli.server;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the broker's key file comes from when no --key-file names it: the systemd credential
 * {@value #CREDENTIAL} ({@code LoadCredential=broker-key:/etc/rounds/broker.key} in the unit puts it
 * in {@code $CREDENTIALS_DIRECTORY}, readable by the service only), else the broker's default.
 */
final class KeyFiles {
    static final String CREDENTIAL = "broker-key";

    private KeyFiles() {}

    /** {@code given}, else the systemd credential when the service has one, else null (the broker's default). */
    static Path resolve(Path given) {
        if (given != null) return given;
        String dir = System.getenv("CREDENTIALS_DIRECTORY");
        if (dir == null || dir.isBlank()) return null;
        Path credential = Path.of(dir).resolve(CREDENTIAL);
        return Files.exists(credential) ? credential : null;
    }
}
