package org.rounds.broker.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.rounds.broker.store.PrivateFiles;

/**
 * The broker's key file: its master key, outside the database it protects. One key a line,
 * {@code v1 BASE64} or {@code legacy BASE64}, the current key first and then earlier keys, kept so
 * that badges enrolled under them still tap (each is re-tagged under the current key on its next
 * tap) until {@code rounds broker rotate-key} finds no badge left under them. A bare BASE64 line
 * is a v1 key (so {@code openssl rand -base64 32} makes one); {@code #} starts a comment. The file
 * must be readable by its owner only: a systemd credential ({@code LoadCredential=}) is.
 */
public final class KeyFile {
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFile() {}

    /** The keys in {@code file}, current first; one line naming the file and what to do when it is missing, open to others or malformed. */
    public static List<MasterKey> read(Path file) {
        String text;
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalStateException("broker key file " + file + " is open to its group or others ("
                        + PosixFilePermissions.toString(mode) + "); run: chmod 600 " + file);
            }
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("broker key file " + file + " does not exist; give the right path, or make one with "
                    + "'rounds broker rotate-key --key-file " + file + "'");
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("broker key file " + file + " is on a file system without POSIX modes; keep it on one that has them");
        } catch (IOException e) {
            throw new IllegalStateException("broker key file " + file + " cannot be read (" + e.getMessage() + "); check its owner and mode");
        }
        List<MasterKey> keys = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            keys.add(parse(file, i + 1, line));
        }
        if (keys.isEmpty()) throw new IllegalStateException("broker key file " + file + " holds no key; make one with 'rounds broker rotate-key'");
        if (keys.get(0).isLegacy()) throw new IllegalStateException("broker key file " + file + ": its first key is a legacy key; run 'rounds broker rotate-key'");
        return List.copyOf(keys);
    }

    private static MasterKey parse(Path file, int lineNo, String line) {
        String[] parts = line.split("\\s+");
        try {
            if (parts.length == 1) return MasterKey.v1(Base64.getDecoder().decode(parts[0]));
            if (parts.length == 2 && parts[0].equals("v1")) return MasterKey.v1(Base64.getDecoder().decode(parts[1]));
            if (parts.length == 2 && parts[0].equals("legacy")) return MasterKey.legacy(Base64.getDecoder().decode(parts[1]));
        } catch (IllegalArgumentException e) {
            // falls through to the one line below, without the line's text (a key)
        }
        throw new IllegalStateException("broker key file " + file + " line " + lineNo
                + " is not 'v1 BASE64' or 'legacy BASE64' of at least 32 bytes; restore the file from its backup");
    }

    /** Makes {@code file} (mode 600) with one new key, and returns it. */
    public static List<MasterKey> create(Path file) {
        List<MasterKey> keys = List.of(MasterKey.random());
        write(file, keys);
        return keys;
    }

    /**
     * Replaces {@code file} with these keys, current first: written to a new file (mode 600) in the
     * same directory, then moved over it, so that a crash leaves the old file or the new one.
     */
    public static void write(Path file, List<MasterKey> keys) {
        StringBuilder text = new StringBuilder("# Rounds broker keys: the current key first, then earlier keys badges may still be under.\n"
                + "# Keep it mode 600 and give the same file to every broker of a store. Never edit by hand: use 'rounds broker rotate-key'.\n");
        for (MasterKey k : keys) {
            text.append(k.isLegacy() ? "legacy " : "v1 ").append(Base64.getEncoder().encodeToString(k.secret())).append('\n');
        }
        try {
            PrivateFiles.writePrivate(file, text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot write the broker key file " + file + " (" + e.getCause().getMessage()
                    + "); check its directory's owner and mode", e);
        }
    }
}
