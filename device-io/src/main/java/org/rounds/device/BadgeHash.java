package org.rounds.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A short keyed hash of a credential (HMAC-SHA256 of technology and id, first 6 bytes as hex)
 * so logs can tell "the same badge again" apart from "another badge" without ever holding the
 * number. With a per-install key the tag is stable across restarts; {@link #ephemeral()} tags
 * only correlate within one run.
 */
public final class BadgeHash {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int TAG_BYTES = 6;

    private final SecretKeySpec key;

    public BadgeHash(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("badge hash key must be at least 16 bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A hash with a random key that lives as long as this object. */
    public static BadgeHash ephemeral() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new BadgeHash(key);
    }

    /** E.g. {@code "badge#3fa94c0e12d7"}: safe for logs. */
    public String of(Credential credential) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(credential.technology().name().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) ':');
            byte[] digest = mac.doFinal(credential.id().getBytes(StandardCharsets.UTF_8));
            return "badge#" + HexFormat.of().formatHex(digest, 0, TAG_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JRE", e);
        }
    }
}
