package org.rounds.device.wedge;

import java.util.HashMap;
import java.util.Map;

/**
 * Linux key codes ({@code linux/input-event-codes.h}) to the character a badge reader meant.
 * A USB keyboard-wedge reader sends HID usages, which the kernel maps to key codes named
 * after a US keyboard whatever the desktop's layout; reading codes, not characters, makes
 * digits come out right on AZERTY (where the top row types symbols) and letters on any layout.
 * Shift is ignored: letters come out upper-case.
 */
final class KeyCodes {

    static final char ENTER = '\n';
    private static final Map<Integer, Character> CHARS = new HashMap<>();

    static {
        // top row: KEY_1 = 2 … KEY_9 = 10, KEY_0 = 11
        for (int d = 1; d <= 9; d++) {
            CHARS.put(1 + d, (char) ('0' + d));
        }
        CHARS.put(11, '0');
        // keypad: KEY_KP7 71, KP8 72, KP9 73, KP4 75, KP5 76, KP6 77, KP1 79, KP2 80, KP3 81, KP0 82
        int[] keypad = {82, 79, 80, 81, 75, 76, 77, 71, 72, 73};
        for (int d = 0; d <= 9; d++) {
            CHARS.put(keypad[d], (char) ('0' + d));
        }
        // letters by row: KEY_Q 16 … KEY_P 25, KEY_A 30 … KEY_L 38, KEY_Z 44 … KEY_M 50
        put(16, "QWERTYUIOP");
        put(30, "ASDFGHJKL");
        put(44, "ZXCVBNM");
        CHARS.put(28, ENTER);   // KEY_ENTER
        CHARS.put(96, ENTER);   // KEY_KPENTER
        CHARS.put(15, '\t');    // KEY_TAB: some readers end with Tab; the detector releases it
    }

    private KeyCodes() {}

    private static void put(int first, String letters) {
        for (int i = 0; i < letters.length(); i++) {
            CHARS.put(first + i, letters.charAt(i));
        }
    }

    /** The character for this key code, or 0 for keys that carry none (Shift, NumLock, …). */
    static char toChar(int code) {
        Character c = CHARS.get(code);
        return c == null ? 0 : c;
    }
}
