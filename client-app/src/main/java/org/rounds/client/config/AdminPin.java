package org.rounds.client.config;

import org.rounds.broker.api.SlowHash;

/**
 * The kiosk's admin PIN, kept in endpoint.json only as a slow salted hash ({@link SlowHash}),
 * so that reading the file does not give the PIN away. {@code rounds kiosk-pin} makes one.
 */
public final class AdminPin {
    private AdminPin() {}

    /** A new hash of {@code pin} (4..12 digits). */
    public static String hash(String pin) {
        if (!pin.matches("[0-9]{4,12}")) throw new IllegalArgumentException("an admin PIN is 4 to 12 digits");
        return SlowHash.hash(pin);
    }

    /** Whether {@code hash} has the form {@link #hash} writes. */
    public static boolean wellFormed(String hash) {
        return SlowHash.wellFormed(hash);
    }

    /** Whether {@code pin} is the PIN {@code hash} was made from. */
    public static boolean matches(String hash, String pin) {
        return SlowHash.matches(hash, pin);
    }
}
