package org.rounds.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.client.input.KeyTranslator.KeyAction;

/** What reaches the desktop for what the user did, as the X keysyms sent in order. */
@Tag("unit")
class KeyTranslatorTest {
    private final KeyTranslator keys = new KeyTranslator();
    private final List<KeyAction> sent = new ArrayList<>();

    private void press(KeyCode c, boolean shortcut) { sent.addAll(keys.pressed(c, shortcut)); }
    private void type(String s) { sent.addAll(keys.typed(s)); }
    private void release(KeyCode c) { sent.addAll(keys.released(c)); }

    private static KeyAction dn(int k) { return new KeyAction(k, true); }
    private static KeyAction up(int k) { return new KeyAction(k, false); }

    @Test
    void plainTextIsSentAsItsCharacters() {
        press(KeyCode.B, false); type("B"); release(KeyCode.B);
        press(KeyCode.DIGIT1, false); type("1"); release(KeyCode.DIGIT1);
        assertThat(sent).containsExactly(dn('B'), up('B'), dn('1'), up('1'));
    }

    @Test
    void azertyAccentsAndAltGrCharactersArriveComposedWithoutAltGr() {
        // AZERTY: the 2 key types é; AltGr+E types €; AltGr+à types @.
        press(KeyCode.DIGIT2, false); type("é"); release(KeyCode.DIGIT2);
        press(KeyCode.ALT_GRAPH, false); press(KeyCode.E, false); type("€"); release(KeyCode.E);
        press(KeyCode.DIGIT0, false); type("@"); release(KeyCode.DIGIT0); release(KeyCode.ALT_GRAPH);
        assertThat(sent).containsExactly(dn(0xe9), up(0xe9), dn(0x010020ac), up(0x010020ac), dn('@'), up('@'));
    }

    @Test
    void deadKeysAreComposedLocally() {
        press(KeyCode.DEAD_CIRCUMFLEX, false); release(KeyCode.DEAD_CIRCUMFLEX);
        press(KeyCode.E, false); type("ê"); release(KeyCode.E);
        assertThat(sent).containsExactly(dn(0xea), up(0xea));
    }

    @Test
    void qwertzKeysTypeTheirOwnCharacters() {
        press(KeyCode.Z, false); type("y"); release(KeyCode.Z); // the QWERTZ Y key sits where Z is on QWERTY
        press(KeyCode.MINUS, false); type("ß"); release(KeyCode.MINUS);
        assertThat(sent).containsExactly(dn('y'), up('y'), dn(0xdf), up(0xdf));
    }

    @Test
    void controlShortcutsGoByKeyCode() {
        press(KeyCode.CONTROL, false);
        press(KeyCode.C, true); type("\u0003"); release(KeyCode.C);
        release(KeyCode.CONTROL);
        assertThat(sent).containsExactly(dn(0xffe3), dn('c'), up('c'), up(0xffe3));
    }

    @Test
    void functionNavigationAndKeypadKeysHaveTheirKeysyms() {
        press(KeyCode.F5, false); release(KeyCode.F5);
        press(KeyCode.F12, false); release(KeyCode.F12);
        press(KeyCode.ENTER, false); type("\r"); release(KeyCode.ENTER);
        press(KeyCode.NUMPAD7, false); type("7"); release(KeyCode.NUMPAD7);
        press(KeyCode.ADD, false); type("+"); release(KeyCode.ADD);
        press(KeyCode.PAGE_DOWN, false); release(KeyCode.PAGE_DOWN);
        assertThat(sent).containsExactly(dn(0xffc2), up(0xffc2), dn(0xffc9), up(0xffc9), dn(0xff0d), up(0xff0d),
                dn(0xffb7), up(0xffb7), dn(0xffab), up(0xffab), dn(0xff56), up(0xff56));
    }

    @Test
    void characterOutsideLatin1UsesTheUnicodeKeysymRange() {
        type("Ω");
        assertThat(sent).containsExactly(dn(0x010003a9), up(0x010003a9));
    }

    @Test
    void releaseAllLetsGoOfHeldKeysSoNothingStaysStuck() {
        press(KeyCode.SHIFT, false);
        press(KeyCode.CONTROL, false);
        assertThat(keys.releaseAll()).containsExactlyInAnyOrder(up(0xffe1), up(0xffe3));
        assertThat(keys.releaseAll()).isEmpty();
    }
}
