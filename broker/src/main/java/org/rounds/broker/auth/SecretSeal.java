package org.rounds.broker.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a secret the store must keep but must not reveal (an admin's or a user's TOTP secret), under a key
 * that lives outside the database: a row copied out of the database, or moved to another
 * account, opens to nothing.
 *
 * <p>Today the key is {@link #keyFile a file beside the H2 store}. When the broker's master key
 * moves into its own key file (issue 17, keys), build this from a key derived from it for the
 * purpose "admin-totp" instead; nothing else changes.
 */
public interface SecretSeal {
    /** {@code plain} sealed, bound to {@code context} (the admin's name), as text for a column. */
    String seal(byte[] plain, String context);

    /** The secret sealed with the same {@code context}; IllegalStateException when the key or context differ. */
    byte[] open(String sealed, String context);

    /** AES-256-GCM under {@code key} (32 bytes). */
    static SecretSeal aesGcm(byte[] key) {
        if (key.length != 32) throw new IllegalArgumentException("a seal key is 32 bytes, not " + key.length);
        return new AesGcm(key.clone());
    }

    /** A key made for this process only: for in-memory brokers, whose store dies with them. */
    static SecretSeal ephemeral() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return aesGcm(key);
    }

    /**
     * The key in {@code file} (32 bytes, mode 600), made there on first use when missing (not
     * before: a tool that never touches admin accounts leaves no file behind). Every broker and
     * tool on one store must read the same file.
     */
    static SecretSeal keyFile(Path file) {
        return new SecretSeal() {
            private SecretSeal loaded;

            private synchronized SecretSeal loaded() {
                if (loaded == null) loaded = readOrMake(file);
                return loaded;
            }

            @Override public String seal(byte[] plain, String context) { return loaded().seal(plain, context); }

            @Override public byte[] open(String sealed, String context) { return loaded().open(sealed, context); }
        };
    }

    private static SecretSeal readOrMake(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, key);
                } catch (FileAlreadyExistsException raced) {
                    // another tool or broker made it first: use theirs
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) throw new IllegalStateException("seal key " + file + " is " + key.length
                    + " bytes, not 32: restore it from backup (admins' TOTP secrets cannot be read without it)");
            return aesGcm(key);
        } catch (IOException e) {
            throw new UncheckedIOException("seal key " + file + " cannot be read or made: " + e.getMessage(), e);
        }
    }

    /** "v1:" then base64 of a 12-byte nonce and the ciphertext with its tag. */
    final class AesGcm implements SecretSeal {
        private final SecretKeySpec key;

        private AesGcm(byte[] key) {
            this.key = new SecretKeySpec(key, "AES");
        }

        @Override
        public String seal(byte[] plain, String context) {
            try {
                byte[] nonce = new byte[12];
                new SecureRandom().nextBytes(nonce);
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
                c.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                byte[] sealed = c.doFinal(plain);
                byte[] out = new byte[12 + sealed.length];
                System.arraycopy(nonce, 0, out, 0, 12);
                System.arraycopy(sealed, 0, out, 12, sealed.length);
                return "v1:" + Base64.getEncoder().encodeToString(out);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
            }
        }

        @Override
        public byte[] open(String sealed, String context) {
            try {
                if (!sealed.startsWith("v1:")) throw new IllegalStateException("sealed secret of an unknown format");
                byte[] in = Base64.getDecoder().decode(sealed.substring(3));
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
                c.updateAAD(context.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return c.doFinal(in, 12, in.length - 12);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("a sealed secret does not open with this broker's seal key "
                        + "(a different key file?)", e);
            }
        }
    }
}
