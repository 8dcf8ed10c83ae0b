package org.rounds.broker.auth;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.rounds.broker.store.BadgeTags;
import org.rounds.broker.store.Tenant;

/**
 * The broker's keys by purpose, from its key file ({@link KeyFile}), never from the database they
 * protect. A badge is stored and looked up only as HMAC-SHA256 of its credential under the badge
 * key, so the database never holds a badge number; the current key makes new tags, and earlier
 * keys (after {@code rotate-key}) still find the badges enrolled under them.
 */
public final class BadgeKey {
    private final List<MasterKey> keys;
    private final Tenant tenant;

    private BadgeKey(List<MasterKey> keys, Tenant tenant) {
        if (keys.isEmpty() || keys.get(0).isLegacy()) throw new IllegalArgumentException("the current broker key must be a v1 key");
        this.keys = List.copyOf(keys);
        this.tenant = tenant;
    }

    /** The keys of a key file, current first, for the default tenant. */
    public static BadgeKey of(List<MasterKey> keys) {
        return new BadgeKey(keys, Tenant.DEFAULT);
    }

    /**
     * The same keys making and finding {@code tenant}'s badge tags (each practice's badge key is
     * derived by HKDF with a label naming it; the default tenant's is today's). Reconnect tokens
     * and sealed decisions stay the broker's own.
     */
    public BadgeKey forTenant(Tenant tenant) {
        return tenant.equals(this.tenant) ? this : new BadgeKey(keys, tenant);
    }

    /** The tenant whose badge tags this makes. */
    public Tenant tenant() {
        return tenant;
    }

    /** A new random key kept only in memory: for in-memory stores (demo, tests), gone with the process like the store. */
    public static BadgeKey ephemeral() {
        return new BadgeKey(List.of(MasterKey.random()), Tenant.DEFAULT);
    }

    /** The keys, current first. */
    public List<MasterKey> keys() {
        return keys;
    }

    /** The current key's id, stored with every badge tagged under it. */
    public String currentId() {
        return keys.get(0).id();
    }

    /** The 64 hex characters stored for a badge credential under the current key. */
    public String hmac(String credential) {
        return hex(keys.get(0).badgeHmacKey(tenant), credential);
    }

    /** The credential's tag under every key, the current key's first. */
    public List<BadgeTags.Tag> tags(String credential) {
        return keys.stream().map(k -> new BadgeTags.Tag(hex(k.badgeHmacKey(tenant), credential), k.id())).toList();
    }

    /** A reconnect token for {@code message}, under the current key only (a rotation ends earlier tokens). */
    public String reconnectToken(String message) {
        return hex(keys.get(0).reconnectKey(), message);
    }

    /** The AES keys of sealed decisions: the first seals, every one opens. */
    List<byte[]> sealKeys() {
        return keys.stream().map(MasterKey::sealKey).toList();
    }

    /** The legacy key among these, if the store had one. */
    public Optional<MasterKey> legacy() {
        return keys.stream().filter(MasterKey::isLegacy).findFirst();
    }

    private static String hex(byte[] key, String message) {
        return HexFormat.of().formatHex(MasterKey.hmac(key, message));
    }
}
