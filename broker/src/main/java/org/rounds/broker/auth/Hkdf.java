package org.rounds.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) on the JDK's HMAC: one key per purpose from the broker's master key,
 * the purpose's label in the info field. The JDK's Mac keeps Bouncy Castle off the broker's
 * class path for 20 lines; {@code HkdfTest} checks it against the RFC's vectors.
 */
final class Hkdf {
    private static final byte[] NO_SALT = new byte[32];

    private Hkdf() {}

    /** {@code length} bytes (at most 32 × 255) for {@code label}, from input keying material {@code ikm}. */
    static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        try {
            byte[] prk = mac(salt.length == 0 ? NO_SALT : salt).doFinal(ikm);
            Mac expand = mac(prk);
            byte[] out = new byte[length];
            byte[] block = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                expand.update(block);
                expand.update(info);
                expand.update((byte) i);
                block = expand.doFinal();
                int n = Math.min(block.length, length - done);
                System.arraycopy(block, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A 32-byte key for the purpose named by {@code label}. */
    static byte[] derive(byte[] master, String label) {
        return derive(master, new byte[0], label.getBytes(StandardCharsets.UTF_8), 32);
    }

    static Mac mac(byte[] key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac;
    }
}
