package org.rounds.client.input;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.input.KeyCode;

/**
 * Turns the endpoint's key events into X keysyms for the remote desktop.
 *
 * <p>Characters come from the composed text of KEY_TYPED, so the local keyboard layout (AZERTY,
 * QWERTZ), AltGr and dead keys are resolved where the user's keyboard is, as Guacamole and
 * noVNC do: AltGr and dead keys are not forwarded themselves, only what they compose. Keys that
 * type nothing (arrows, F-keys, Enter, modifiers) go by key code; with Ctrl, Alt or Meta held,
 * a letter or digit goes by key code too, so Ctrl+C reaches the desktop as Control_L + c.
 * Keypad keys send KP_ keysyms, so applications can tell them from the top row.
 *
 * <p>Not thread-safe: call it from the FX thread only.
 */
public final class KeyTranslator {

    /** One key press or release to send. */
    public record KeyAction(int keysym, boolean down) {}

    private static final Map<KeyCode, Integer> SPECIAL = new EnumMap<>(KeyCode.class);
    private static final Map<KeyCode, Integer> KEYPAD = new EnumMap<>(KeyCode.class);

    static {
        SPECIAL.put(KeyCode.BACK_SPACE, 0xff08);
        SPECIAL.put(KeyCode.TAB, 0xff09);
        SPECIAL.put(KeyCode.ENTER, 0xff0d);
        SPECIAL.put(KeyCode.PAUSE, 0xff13);
        SPECIAL.put(KeyCode.SCROLL_LOCK, 0xff14);
        SPECIAL.put(KeyCode.ESCAPE, 0xff1b);
        SPECIAL.put(KeyCode.HOME, 0xff50);
        SPECIAL.put(KeyCode.LEFT, 0xff51);
        SPECIAL.put(KeyCode.UP, 0xff52);
        SPECIAL.put(KeyCode.RIGHT, 0xff53);
        SPECIAL.put(KeyCode.DOWN, 0xff54);
        SPECIAL.put(KeyCode.PAGE_UP, 0xff55);
        SPECIAL.put(KeyCode.PAGE_DOWN, 0xff56);
        SPECIAL.put(KeyCode.END, 0xff57);
        SPECIAL.put(KeyCode.PRINTSCREEN, 0xff61);
        SPECIAL.put(KeyCode.INSERT, 0xff63);
        SPECIAL.put(KeyCode.CONTEXT_MENU, 0xff67);
        SPECIAL.put(KeyCode.NUM_LOCK, 0xff7f);
        SPECIAL.put(KeyCode.DELETE, 0xffff);
        SPECIAL.put(KeyCode.SHIFT, 0xffe1);
        SPECIAL.put(KeyCode.CONTROL, 0xffe3);
        SPECIAL.put(KeyCode.CAPS, 0xffe5);
        SPECIAL.put(KeyCode.META, 0xffe7);
        SPECIAL.put(KeyCode.ALT, 0xffe9);
        SPECIAL.put(KeyCode.WINDOWS, 0xffeb);
        SPECIAL.put(KeyCode.COMMAND, 0xffeb);
        KeyCode[] f = {KeyCode.F1, KeyCode.F2, KeyCode.F3, KeyCode.F4, KeyCode.F5, KeyCode.F6, KeyCode.F7, KeyCode.F8,
            KeyCode.F9, KeyCode.F10, KeyCode.F11, KeyCode.F12};
        for (int i = 0; i < f.length; i++) SPECIAL.put(f[i], 0xffbe + i); // F1 = 0xffbe
        KeyCode[] kp = {KeyCode.NUMPAD0, KeyCode.NUMPAD1, KeyCode.NUMPAD2, KeyCode.NUMPAD3, KeyCode.NUMPAD4,
            KeyCode.NUMPAD5, KeyCode.NUMPAD6, KeyCode.NUMPAD7, KeyCode.NUMPAD8, KeyCode.NUMPAD9};
        for (int i = 0; i < kp.length; i++) KEYPAD.put(kp[i], 0xffb0 + i); // KP_0 = 0xffb0
        KEYPAD.put(KeyCode.MULTIPLY, 0xffaa);
        KEYPAD.put(KeyCode.ADD, 0xffab);
        KEYPAD.put(KeyCode.SUBTRACT, 0xffad);
        KEYPAD.put(KeyCode.DECIMAL, 0xffae);
        KEYPAD.put(KeyCode.DIVIDE, 0xffaf);
    }

    /** Keys pressed by code, so their release sends the same keysym. */
    private final Map<KeyCode, Integer> down = new HashMap<>();
    /** Set when a keypad press was sent by code: its KEY_TYPED echo is not sent again. */
    private boolean swallowNextTyped;

    /**
     * A key went down. {@code shortcut} is true while Ctrl, Alt (not AltGr) or Meta is held.
     * Returns what to send now (often nothing: the character follows as KEY_TYPED).
     */
    public List<KeyAction> pressed(KeyCode code, boolean shortcut) {
        if (code == KeyCode.ALT_GRAPH || code.name().startsWith("DEAD_")) return List.of(); // composed locally
        Integer keysym = SPECIAL.get(code);
        if (keysym == null) keysym = KEYPAD.get(code);
        if (keysym == null && shortcut && (code.isLetterKey() || code.isDigitKey())) {
            keysym = (int) Character.toLowerCase(code.getChar().charAt(0));
        }
        if (keysym == null) return List.of();
        swallowNextTyped = KEYPAD.containsKey(code) || (shortcut && !SPECIAL.containsKey(code));
        down.put(code, keysym);
        return List.of(new KeyAction(keysym, true));
    }

    /** A character was typed (the composed text of KEY_TYPED). */
    public List<KeyAction> typed(String text) {
        if (swallowNextTyped) {
            swallowNextTyped = false;
            return List.of();
        }
        List<KeyAction> out = new ArrayList<>();
        text.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return; // control characters: sent by code
            int keysym = keysymOf(cp);
            out.add(new KeyAction(keysym, true));
            out.add(new KeyAction(keysym, false));
        });
        return out;
    }

    /** A key went up. */
    public List<KeyAction> released(KeyCode code) {
        Integer keysym = down.remove(code);
        return keysym == null ? List.of() : List.of(new KeyAction(keysym, false));
    }

    /** Releases every key still held (focus lost, session ending): no key stays stuck on the desktop. */
    public List<KeyAction> releaseAll() {
        List<KeyAction> out = new ArrayList<>();
        down.values().forEach(k -> out.add(new KeyAction(k, false)));
        down.clear();
        swallowNextTyped = false;
        return out;
    }

    /** Latin-1 characters are their own keysym; any other Unicode character is 0x01000000 + code point. */
    static int keysymOf(int codePoint) {
        return codePoint <= 0xff ? codePoint : 0x01000000 | codePoint;
    }
}
