package org.rounds.client.ui;

import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/**
 * The PIN pad the broker asks for after a tap: touch-sized digits, the PIN shown as dots, the
 * attempts left after a wrong one, OK and Cancel. Physical digit keys, Backspace and Enter work
 * too. The PIN is held only until it is sent.
 */
final class PinPad extends VBox {
    private static final int MAX = 12;
    private final Label title = new Label();
    private final Label dots = new Label();
    private final Label message = new Label();
    private final StringBuilder pin = new StringBuilder();
    private final Consumer<String> submit;

    PinPad(Language m, Consumer<String> submit, Runnable cancel) {
        super(12);
        this.submit = submit;
        getStyleClass().addAll("lock-screen", "pin-pad");
        setAlignment(Pos.CENTER);
        setId("pin-pad");
        title.getStyleClass().add("lock-title");
        dots.getStyleClass().add("pin-dots");
        dots.setId("pin-dots");
        message.getStyleClass().add("lock-reason");
        message.setId("pin-message");
        GridPane keys = new GridPane();
        keys.setHgap(10);
        keys.setVgap(10);
        keys.setAlignment(Pos.CENTER);
        for (int d = 1; d <= 9; d++) keys.add(digit(d), (d - 1) % 3, (d - 1) / 3);
        keys.add(key("⌫", "pin-back", this::backspace), 0, 3);
        keys.add(digit(0), 1, 3);
        Button ok = key("", "pin-ok", this::send);
        ok.textProperty().bind(m.text("pin.ok"));
        keys.add(ok, 2, 3);
        Button no = key("", "pin-cancel", () -> {
            clear();
            cancel.run();
        });
        no.textProperty().bind(m.text("pin.cancel"));
        getChildren().addAll(title, dots, keys, message, no);
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode().isDigitKey() || e.getCode().isKeypadKey() && e.getText().matches("[0-9]")) type(e.getText());
            else if (e.getCode() == KeyCode.BACK_SPACE) backspace();
            else if (e.getCode() == KeyCode.ENTER) send();
            else if (e.getCode() == KeyCode.ESCAPE) no.fire();
            else return;
            e.consume();
        });
        refresh();
    }

    /** Asks for a PIN: {@code title} names the user; {@code message} is empty or why it asks again (FX thread). */
    void ask(String title, String message) {
        clear();
        this.title.setText(title);
        this.message.setText(message);
        requestFocus();
    }

    /** The same ask's texts in another language: the PIN typed so far and the focus stay (FX thread). */
    void relabel(String title, String message) {
        this.title.setText(title);
        this.message.setText(message);
    }

    void clear() {
        pin.setLength(0);
        refresh();
    }

    private Button digit(int d) {
        return key(String.valueOf(d), "pin-" + d, () -> type(String.valueOf(d)));
    }

    private Button key(String label, String id, Runnable action) {
        Button b = new Button(label);
        b.setId(id);
        b.getStyleClass().add("pin-key");
        b.setFocusTraversable(false);
        b.setOnAction(e -> action.run());
        return b;
    }

    private void type(String digit) {
        if (digit.length() == 1 && Character.isDigit(digit.charAt(0)) && pin.length() < MAX) pin.append(digit);
        refresh();
    }

    private void backspace() {
        if (pin.length() > 0) pin.setLength(pin.length() - 1);
        refresh();
    }

    private void send() {
        if (pin.length() < 4) return;
        String typed = pin.toString();
        clear();
        submit.accept(typed);
    }

    private void refresh() {
        dots.setText(pin.length() == 0 ? " " : "●".repeat(pin.length()));
    }
}
