package org.rounds.broker.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One line of the broker's key file: a master secret and the keys it gives, one per purpose.
 * {@code v1} keys give each purpose its own HKDF key (labels below). A {@code legacy} key is the
 * badge HMAC key the broker used to keep in its database's settings; it derives as that code did,
 * so badges, sealed decisions and reconnect tokens made under it still check.
 */
public final class MasterKey {
    static final String BADGE_LABEL = "rounds badge-hmac v1";
    static final String SEAL_LABEL = "rounds tap-decision-seal v1";
    static final String RECONNECT_LABEL = "rounds reconnect-token v1";
    static final String STORE_LABEL = "rounds h2-store-password v1";
    static final String ID_LABEL = "rounds key-id v1";
    /** Followed by the tenant's name: a practice's badge key (the default tenant keeps {@link #BADGE_LABEL}'s). */
    static final String TENANT_BADGE_LABEL = "rounds badge-hmac v1 tenant ";
    /** The id of the one legacy key a store can have: badge rows the old code wrote carry it (V7). */
    public static final String LEGACY_ID = "legacy";

    private final boolean legacy;
    private final byte[] secret;
    /** Derived once: a tap uses the badge key of every key in the file, and a reconnect the reconnect key. */
    private final byte[] badgeHmacKey;
    private final byte[] reconnectKey;

    private MasterKey(boolean legacy, byte[] secret) {
        if (secret.length < 32) throw new IllegalArgumentException("a broker key has at least 32 bytes, not " + secret.length);
        this.legacy = legacy;
        this.secret = secret.clone();
        this.badgeHmacKey = legacy ? secret.clone() : Hkdf.derive(secret, BADGE_LABEL);
        this.reconnectKey = legacy ? secret.clone() : Hkdf.derive(secret, RECONNECT_LABEL);
    }

    static MasterKey v1(byte[] secret) { return new MasterKey(false, secret); }

    static MasterKey legacy(byte[] secret) { return new MasterKey(true, secret); }

    /** The key the old code kept in the database's settings, to be moved into the key file. */
    public static MasterKey legacyFrom(byte[] secret) { return legacy(secret); }

    /** A new random v1 key. */
    public static MasterKey fresh() { return random(); }

    static MasterKey random() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return v1(b);
    }

    public boolean isLegacy() { return legacy; }

    byte[] secret() { return secret.clone(); }

    /** A name for the key that gives nothing of it away; badge rows carry it so rotation knows which keys are still in use. */
    public String id() {
        return legacy ? LEGACY_ID : HexFormat.of().formatHex(Arrays.copyOf(Hkdf.derive(secret, ID_LABEL), 8));
    }

    /** The key badges are stored under (the old code used its key as it was). */
    byte[] badgeHmacKey() { return badgeHmacKey.clone(); }

    /**
     * The key a practice's badges are stored under: its own HKDF label, so that the same badge
     * number in two practices gives two unrelated tags, and one practice's tags say nothing of
     * another's. The default tenant's is {@link #badgeHmacKey()}, so badges enrolled before
     * practices existed still match. A legacy key derives too: practices came after it.
     */
    byte[] badgeHmacKey(org.rounds.broker.store.Tenant tenant) {
        return tenant.isDefault() ? badgeHmacKey() : Hkdf.derive(secret, TENANT_BADGE_LABEL + tenant.name());
    }

    /** The AES-256 key of sealed tap decisions (the old code took an HMAC of a fixed label). */
    byte[] sealKey() {
        return legacy ? hmac(secret, "rounds tap-decision sealing key v1") : Hkdf.derive(secret, SEAL_LABEL);
    }

    /** The key of reconnect tokens (the old code used the badge key). */
    byte[] reconnectKey() { return reconnectKey.clone(); }

    /** The password of an H2 store, as hex so that it needs no quoting in SQL. */
    public String storePassword() { return HexFormat.of().formatHex(Hkdf.derive(secret, STORE_LABEL)); }

    static byte[] hmac(byte[] key, String message) {
        try {
            return Hkdf.mac(key).doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id() + "]";   // never the secret
    }
}
