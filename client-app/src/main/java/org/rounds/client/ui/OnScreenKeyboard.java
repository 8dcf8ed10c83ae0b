package org.rounds.client.ui;

import java.util.List;
import java.util.function.BiConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * A touch keyboard for tablets, under the session: each key sends its X keysym (press, then
 * release) to the desktop. Shift applies to the next key, as on phone keyboards.
 */
final class OnScreenKeyboard extends VBox {
    private static final List<String> ROWS = List.of("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm,.");
    private static final int BACKSPACE = 0xff08, RETURN = 0xff0d, TAB = 0xff09, ESCAPE = 0xff1b, SHIFT_L = 0xffe1;

    private final BiConsumer<Integer, Boolean> keys;
    private final ToggleButton shift = new ToggleButton("⇧");

    /** @param keys receives (keysym, down) */
    OnScreenKeyboard(BiConsumer<Integer, Boolean> keys) {
        super(4);
        this.keys = keys;
        getStyleClass().add("osk");
        setPadding(new Insets(6));
        setAlignment(Pos.CENTER);
        for (String row : ROWS) {
            HBox line = new HBox(4);
            line.setAlignment(Pos.CENTER);
            for (char c : row.toCharArray()) line.getChildren().add(key(String.valueOf(c), () -> typeChar(c)));
            getChildren().add(line);
        }
        shift.getStyleClass().add("osk-key");
        HBox bottom = new HBox(4, key("Esc", () -> tap(ESCAPE)), key("Tab", () -> tap(TAB)), shift,
                key("␣", () -> tap(' ')), key("⌫", () -> tap(BACKSPACE)), key("⏎", () -> tap(RETURN)));
        bottom.setAlignment(Pos.CENTER);
        getChildren().add(bottom);
    }

    private Button key(String label, Runnable action) {
        Button b = new Button(label);
        b.getStyleClass().add("osk-key");
        b.setFocusTraversable(false); // the session keeps the focus
        b.setOnAction(e -> action.run());
        b.setId("osk-" + label);
        return b;
    }

    private void typeChar(char c) {
        if (shift.isSelected() && Character.isLetter(c)) {
            // X servers take the upper-case keysym with Shift held, as a physical keyboard sends it
            keys.accept(SHIFT_L, true);
            tap(Character.toUpperCase(c));
            keys.accept(SHIFT_L, false);
            shift.setSelected(false);
        } else {
            tap(c);
        }
    }

    private void tap(int keysym) {
        keys.accept(keysym, true);
        keys.accept(keysym, false);
    }
}
