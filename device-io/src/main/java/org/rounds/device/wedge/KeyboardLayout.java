package org.rounds.device.wedge;

/**
 * The host keyboard layout a wedge reader types through, for readers seen as characters (the
 * JavaFX key stream) rather than key codes (evdev). A wedge reader sends the key codes of the
 * digit row; on a French AZERTY host those unshifted keys type {@code & é " ' ( - è _ ç à},
 * so the badge "12345678" arrives as {@code &é"'(-è_}. The detector reads such a burst as the
 * digits, and hands back exactly what was typed when it is not a badge.
 */
public enum KeyboardLayout {
    QWERTY(""),
    AZERTY("&é\"'(-è_çà");

    private final String digitRow;

    KeyboardLayout(String digitRow) {
        this.digitRow = digitRow;
    }

    /** The character the reader meant: an AZERTY digit-row symbol becomes its digit. */
    public char meant(char typed) {
        int i = digitRow.indexOf(typed);
        return i < 0 ? typed : "1234567890".charAt(i);
    }
}
