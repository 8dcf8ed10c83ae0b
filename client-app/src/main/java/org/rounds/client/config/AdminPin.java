package org.rounds.client.config;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The kiosk's admin PIN, kept in endpoint.json only as a slow salted hash
 * ({@code pbkdf2-sha256:ITERATIONS:SALT:HASH}, base64), so that reading the file does not give
 * the PIN away. {@code rounds kiosk-pin} makes one.
 */
public final class AdminPin {
    private static final int ITERATIONS = 210_000;   // OWASP 2023 figure for PBKDF2-HMAC-SHA256
    private static final String FORMAT = "pbkdf2-sha256:[0-9]{4,7}:[A-Za-z0-9+/=]{16,64}:[A-Za-z0-9+/=]{44}";

    private AdminPin() {}

    /** A new hash of {@code pin} (4..12 digits). */
    public static String hash(String pin) {
        if (!pin.matches("[0-9]{4,12}")) throw new IllegalArgumentException("an admin PIN is 4 to 12 digits");
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return "pbkdf2-sha256:" + ITERATIONS + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(derive(pin, salt, ITERATIONS));
    }

    /** Whether {@code hash} has the form {@link #hash} writes. */
    public static boolean wellFormed(String hash) {
        return hash.matches(FORMAT);
    }

    /** Whether {@code pin} is the PIN {@code hash} was made from (constant-time compare). */
    public static boolean matches(String hash, String pin) {
        if (!wellFormed(hash)) return false;
        String[] f = hash.split(":");
        byte[] expected = Base64.getDecoder().decode(f[3]);
        byte[] actual = derive(pin, Base64.getDecoder().decode(f[2]), Integer.parseInt(f[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String pin, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(pin.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }

}
