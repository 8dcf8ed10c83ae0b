package org.rounds.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.device.wedge.KeyboardLayout;
import org.rounds.device.wedge.WedgeConfig;

/** Key events as JavaFX delivers them (pressed, typed, released), with their times: what reaches the desktop. */
@Tag("unit")
class WedgeKeyFilterTest {
    private final List<String> desktop = new ArrayList<>();
    private final List<String> badges = new ArrayList<>();
    private final WedgeKeyFilter.Output out = new WedgeKeyFilter.Output() {
        @Override public void keys(List<KeyTranslator.KeyAction> actions) {
            actions.forEach(a -> desktop.add(Integer.toHexString(a.keysym()) + (a.down() ? "↓" : "↑")));
        }
        @Override public void badge(String id) { badges.add(id); }
    };
    private long t = 1_000_000_000L;

    private WedgeKeyFilter filter(KeyboardLayout layout) {
        return new WedgeKeyFilter(new KeyTranslator(), WedgeConfig.DEFAULT, layout, out);
    }

    /** One character key: pressed, typed, released, then {@code gapMs} of idle ticks every 20 ms. */
    private void type(WedgeKeyFilter f, KeyCode code, String ch, long gapMs) {
        f.pressed(code, false, t);
        f.typed(ch, false, t);
        f.released(code);
        for (long waited = 0; waited < gapMs; waited += 20) {
            t += 20_000_000L;
            f.idle(t);
        }
    }

    private void enter(WedgeKeyFilter f) {
        f.pressed(KeyCode.ENTER, false, t);
        f.typed("\r", false, t);
        f.released(KeyCode.ENTER);
    }

    @Test
    void aWedgeReadersBurstBecomesABadgeAndNoKeyReachesTheDesktop() {
        WedgeKeyFilter f = filter(KeyboardLayout.QWERTY);
        for (char c : "0012345678".toCharArray()) type(f, KeyCode.getKeyCode(String.valueOf(c)), String.valueOf(c), 43);
        enter(f);
        assertThat(badges).containsExactly("0012345678");
        assertThat(desktop).isEmpty();
    }

    @Test
    void onAnAzertyHostTheDigitRowSymbolsAreReadAsTheBadgesDigits() {
        WedgeKeyFilter f = filter(KeyboardLayout.AZERTY);
        for (char c : "&é\"'(-è_".toCharArray()) type(f, KeyCode.UNDEFINED, String.valueOf(c), 44);
        enter(f);
        assertThat(badges).containsExactly("12345678");
        assertThat(desktop).isEmpty();
    }

    @Test
    void aPersonTypingDigitsGetsEveryKeyInOrderAndEnterToo() {
        WedgeKeyFilter f = filter(KeyboardLayout.QWERTY);
        type(f, KeyCode.DIGIT4, "4", 250);
        type(f, KeyCode.DIGIT2, "2", 180);
        enter(f);
        assertThat(badges).isEmpty();
        assertThat(desktop).containsExactly("34↓", "34↑", "32↓", "32↑", "ff0d↓", "ff0d↑");
    }

    @Test
    void withNoWedgeReaderTheSameBurstGoesToTheDesktopKeyByKeyAndIsNoBadge() {
        WedgeKeyFilter f = WedgeKeyFilter.off(new KeyTranslator(), out);
        assertThat(f.reading()).isFalse();
        for (char c : "0012345678".toCharArray()) {
            type(f, KeyCode.getKeyCode(String.valueOf(c)), String.valueOf(c), 43);
            assertThat(f.holding()).as("nothing is held back").isFalse();
        }
        enter(f);
        assertThat(badges).isEmpty();
        assertThat(desktop).containsExactly("30↓", "30↑", "30↓", "30↑", "31↓", "31↑", "32↓", "32↑", "33↓", "33↑", "34↓", "34↑",
                "35↓", "35↑", "36↓", "36↑", "37↓", "37↑", "38↓", "38↑", "ff0d↓", "ff0d↑");
    }

    @Test
    void anArrowSendsWhatWasHeldFirst() {
        WedgeKeyFilter f = filter(KeyboardLayout.QWERTY);
        type(f, KeyCode.A, "a", 0);
        type(f, KeyCode.B, "b", 0);
        f.pressed(KeyCode.LEFT, false, t);
        f.released(KeyCode.LEFT);
        assertThat(desktop).containsExactly("61↓", "61↑", "62↓", "62↑", "ff51↓", "ff51↑");
    }
}
