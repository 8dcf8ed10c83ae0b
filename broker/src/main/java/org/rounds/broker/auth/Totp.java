package org.rounds.broker.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time codes as authenticator apps make them: HMAC-SHA1, 6 digits, 30 s
 * steps. The secret travels only as an {@code otpauth://totp/...} URI (a QR code or a file).
 */
public final class Totp {
    private static final Duration STEP = Duration.ofSeconds(30);
    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(STEP, 6);
    private static final String ISSUER = "Rounds broker";

    private Totp() {}

    /** 20 random bytes, the size RFC 4226 recommends for HMAC-SHA1. */
    public static byte[] newSecret() {
        byte[] s = new byte[20];
        new SecureRandom().nextBytes(s);
        return s;
    }

    /** The provisioning URI an authenticator app scans, for admin {@code name}. */
    public static String uri(String name, byte[] secret) {
        return uri(ISSUER, name, secret);
    }

    /** The provisioning URI for account {@code name} of {@code issuer} (the name the phone app shows above the code). */
    public static String uri(String issuer, String name, byte[] secret) {
        String label = URLEncoder.encode(issuer + ":" + name, StandardCharsets.UTF_8).replace("+", "%20");
        return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret)
                + "&issuer=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8).replace("+", "%20")
                + "&algorithm=SHA1&digits=6&period=30";
    }

    /** The secret of a provisioning URI; one line naming what is wrong otherwise (never the URI itself). */
    public static byte[] secretOf(String uri) {
        URI u;
        try {
            u = URI.create(uri.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an otpauth://totp/ URI");
        }
        if (!"otpauth".equals(u.getScheme()) || !"totp".equals(u.getHost()) || u.getRawQuery() == null)
            throw new IllegalArgumentException("not an otpauth://totp/ URI");
        for (String p : u.getRawQuery().split("&")) {
            if (p.startsWith("secret=")) return Base32.decode(URLDecoder.decode(p.substring(7), StandardCharsets.UTF_8));
        }
        throw new IllegalArgumentException("the otpauth URI has no secret= parameter");
    }

    /** The 6-digit code for {@code at}. */
    public static String code(byte[] secret, Instant at) {
        try {
            return GENERATOR.generateOneTimePasswordString(new SecretKeySpec(secret, "HmacSHA1"), at);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 refused a TOTP secret", e);
        }
    }

    /**
     * Whether {@code code} is the code of {@code at}'s step or of the step either side (clocks of
     * phones drift; RFC 6238 section 5.2 allows one step of slack). Constant-time per step.
     */
    public static boolean verify(byte[] secret, String code, Instant at) {
        return matchingStep(secret, code, at).isPresent();
    }

    /**
     * The step (seconds since the epoch / 30) whose code {@code code} is, among {@code at}'s and
     * the one either side; the latest when two match. Empty when none does. Constant-time per
     * step. Kept per user, it makes a code good once: only a later step may pass after it.
     */
    public static java.util.OptionalLong matchingStep(byte[] secret, String code, Instant at) {
        if (code == null || !code.matches("[0-9]{6}") || secret.length == 0) return java.util.OptionalLong.empty();
        long now = at.getEpochSecond() / STEP.getSeconds();
        long found = Long.MIN_VALUE;
        for (long step = now - 1; step <= now + 1; step++) {
            boolean same = MessageDigest.isEqual(code(secret, Instant.ofEpochSecond(step * STEP.getSeconds()))
                    .getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.US_ASCII));
            if (same) found = step;
        }
        return found == Long.MIN_VALUE ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(found);
    }

    /** RFC 4648 base32 without padding, as otpauth URIs carry secrets. */
    static final class Base32 {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        static String encode(byte[] data) {
            StringBuilder out = new StringBuilder();
            int buffer = 0, bits = 0;
            for (byte b : data) {
                buffer = (buffer << 8) | (b & 0xff);
                bits += 8;
                while (bits >= 5) {
                    out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                    bits -= 5;
                }
            }
            if (bits > 0) out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
            return out.toString();
        }

        static byte[] decode(String s) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int buffer = 0, bits = 0;
            for (char ch : s.replace("=", "").toUpperCase(java.util.Locale.ROOT).toCharArray()) {
                int v = ALPHABET.indexOf(ch);
                if (v < 0) throw new IllegalArgumentException("the otpauth secret is not base32");
                buffer = (buffer << 5) | v;
                bits += 5;
                if (bits >= 8) {
                    out.write((buffer >> (bits - 8)) & 0xff);
                    bits -= 8;
                }
            }
            if (out.size() < 10) throw new IllegalArgumentException("the otpauth secret is shorter than 80 bits");
            return out.toByteArray();
        }
    }
}
