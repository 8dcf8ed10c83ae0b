package org.rounds.broker.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the decisions kept for tap retries: a retried tap id must get the same answer, and that
 * answer holds the one-time desktop password and PIN request token, which must not sit in the
 * database in clear. AES-256-GCM under a key derived from the broker's secret (so every broker
 * on the database opens them); {@code v1:} + base64(nonce ‖ ciphertext). Rows written before
 * sealing (plain JSON) still open.
 */
public final class DecisionSeal {
    private static final String PREFIX = "v1:";
    private final SecretKeySpec key;
    /** Every key of the key file, current first: a tap retried across a key rotation still opens. */
    private final java.util.List<SecretKeySpec> openers;
    private final SecureRandom random = new SecureRandom();
    /** A Cipher per thread: looking the provider up for every tap showed in profiles, and a Cipher is not thread-safe. */
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    });

    public DecisionSeal(BadgeKey secret) {
        this.openers = secret.sealKeys().stream().map(k -> new SecretKeySpec(k, "AES")).toList();
        this.key = openers.get(0);
    }

    public String seal(String json) {
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher c = GCM.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(json.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable: " + e.getMessage(), e);
        }
    }

    /** The JSON back; throws IllegalStateException when the row was not sealed with this broker's secret or was altered. */
    public String open(String stored) {
        if (!stored.startsWith(PREFIX)) return stored;   // written before sealing
        GeneralSecurityException last = null;
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            for (SecretKeySpec k : openers) {
                try {
                    Cipher c = GCM.get();
                    c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, all, 0, 12));
                    return new String(c.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
                } catch (GeneralSecurityException e) {
                    last = e;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a stored tap decision does not open with this broker's keys: " + e.getMessage(), e);
        }
        throw new IllegalStateException("a stored tap decision does not open with this broker's keys: " + last.getMessage(), last);
    }
}
