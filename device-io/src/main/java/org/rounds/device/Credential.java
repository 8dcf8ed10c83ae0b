package org.rounds.device;

import java.util.HexFormat;
import java.util.Objects;

/**
 * What a badge presented: its technology, the raw bytes the reader returned, and the id
 * decoded by the site's configured format. The id is a secret-ish identifier: it goes to the
 * broker and to the enrollment tool, never to a log ({@link #toString()} hides it).
 */
public record Credential(Technology technology, byte[] raw, String id) {

    public enum Technology { CONTACTLESS_UID, PROX_125KHZ, CONTACT_CARD, KEYBOARD_WEDGE, SIMULATED }

    public Credential {
        Objects.requireNonNull(technology, "technology");
        Objects.requireNonNull(id, "id");
        raw = raw == null ? new byte[0] : raw.clone();
    }

    @Override
    public byte[] raw() { return raw.clone(); }

    /** Same technology and id (raw bytes may differ in framing between reads). */
    public boolean sameCard(Credential other) {
        return other != null && technology == other.technology && id.equals(other.id);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credential c && technology == c.technology && id.equals(c.id)
                && java.util.Arrays.equals(raw, c.raw);
    }

    @Override
    public int hashCode() { return Objects.hash(technology, id, java.util.Arrays.hashCode(raw)); }

    @Override
    public String toString() {
        return "Credential[" + technology + ", " + raw.length + " raw bytes]";
    }

    /** The raw bytes as upper-case hex, for the enrollment tool. */
    public String rawHex() { return HexFormat.of().withUpperCase().formatHex(raw); }
}
