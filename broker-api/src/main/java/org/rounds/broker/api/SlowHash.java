package org.rounds.broker.api;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PINs and passwords as slow salted hashes, {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (base64):
 * PBKDF2-HMAC-SHA256 from the JDK at OWASP's 2023 work factor, so a stolen database does not give
 * the PINs away cheaply. Also used by the endpoint for its kiosk admin PIN.
 */
public final class SlowHash {
    /** OWASP's 2023 work factor: what every hash written outside the tests costs. */
    static final int PRODUCTION_ITERATIONS = 210_000;
    /**
     * The tests' cheaper cost (the build's surefire sets it): at the production cost, hashing was
     * the single largest CPU cost of the unit tests. {@link #matches} reads the cost from the hash,
     * so a cheap hash checks the same way; the format still needs 4 digits, hence the floor.
     */
    static final String TEST_COST_PROPERTY = "rounds.test.slowhash.iterations";
    private static final int ITERATIONS = iterations(System.getProperty(TEST_COST_PROPERTY), underTest());
    private static final String FORMAT = "pbkdf2-sha256:[0-9]{4,7}:[A-Za-z0-9+/=]{16,64}:[A-Za-z0-9+/=]{44}";

    private SlowHash() {}

    public static String hash(String secret) {
        return hash(secret, ITERATIONS);
    }

    static String hash(String secret, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return "pbkdf2-sha256:" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(derive(secret, salt, iterations));
    }

    /** Whether {@code hash} has the form {@link #hash} writes. */
    public static boolean wellFormed(String hash) {
        return hash != null && hash.matches(FORMAT);
    }

    /** Whether {@code secret} is what {@code hash} was made from (constant-time compare). */
    public static boolean matches(String hash, String secret) {
        if (!wellFormed(hash)) return false;
        String[] f = hash.split(":");
        return MessageDigest.isEqual(Base64.getDecoder().decode(f[3]),
                derive(secret, Base64.getDecoder().decode(f[2]), Integer.parseInt(f[1])));
    }

    /**
     * The cost new hashes get: the production one, unless a test JVM asks for a cheaper one.
     * Only where JUnit runs: no product jar or package holds JUnit (the build's enforcer rule
     * test-code-stays-in-tests), so no setting can make a deployed broker or endpoint hash cheaply.
     */
    static int iterations(String testCost, boolean underTest) {
        if (testCost == null || testCost.isBlank() || !underTest) return PRODUCTION_ITERATIONS;
        return Math.max(1000, Math.min(PRODUCTION_ITERATIONS, Integer.parseInt(testCost.strip())));
    }

    private static boolean underTest() {
        try {
            Class.forName("org.junit.platform.engine.TestEngine", false, SlowHash.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable: " + e.getMessage(), e);
        } finally {
            spec.clearPassword();
        }
    }
}
