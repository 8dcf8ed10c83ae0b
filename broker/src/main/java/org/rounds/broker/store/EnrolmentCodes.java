package org.rounds.broker.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.rounds.broker.auth.Sha256;

/**
 * One-time enrolment codes, for endpoints ({@link Enrolments}), desktop hosts ({@link Hosts}) and gateways ({@link Gateways})
 * alike: made here, shown once to the admin who asked, stored only as SHA-256, valid for
 * {@link #LIFETIME}.
 */
final class EnrolmentCodes {
    /** How long a code may wait to be used. */
    static final Duration LIFETIME = Duration.ofHours(24);
    private static final char[] BASE32 = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();   // no 0/O, 1/I/L: read aloud
    private static final int LENGTH = 26;   // 26 symbols of 31 ≈ 129 bits
    private static final SecureRandom random = new SecureRandom();

    private EnrolmentCodes() {}

    static String newCode() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) b.append(BASE32[random.nextInt(BASE32.length)]);
        return b.toString();
    }

    /** SHA-256 of the code as typed, ignoring case, spaces and dashes. */
    static String hash(String code) {
        String normal = code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return Sha256.hex(normal);
    }

    /**
     * Whether a row found by {@code hash} holds it and has not expired. The lookup is by hash, so
     * its timing tells only about a SHA-256 of the guess; the comparison is constant-time anyway.
     */
    static boolean usable(String stored, Timestamp expires, String hash, Instant now) {
        boolean same = stored != null
                && MessageDigest.isEqual(stored.getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII));
        return same && expires != null && expires.toInstant().isAfter(now);
    }
}
