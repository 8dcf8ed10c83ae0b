package org.rounds.client.ui;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import org.rounds.client.config.AdminPin;

/**
 * The endpoint window as a kiosk: full screen, undecorated, always on top; closing it, Alt+F4
 * and the full-screen exit key do nothing. Only an administrator leaves it, with
 * Ctrl+Alt+Shift+X and the admin PIN (kept hashed in endpoint.json); with no PIN configured the
 * kiosk is stopped from outside (its systemd unit). After 3 wrong PINs no try is taken for 30 s,
 * doubling with each wrong PIN after that ({@link AdminPinBackoff}), and the screen says how long. Window switching itself belongs to the
 * window manager: a kiosk session runs without one, or with one that offers no switcher.
 */
public final class KioskMode {
    /** The administrator's way out: a chord no clerk types by accident. */
    public static final KeyCombination ADMIN_EXIT = new KeyCodeCombination(KeyCode.X,
            KeyCombination.CONTROL_DOWN, KeyCombination.ALT_DOWN, KeyCombination.SHIFT_DOWN);

    private final StackPane root;
    private final VBox adminPanel;
    private final PasswordField pin = new PasswordField();
    private final Label message = new Label();
    private final Optional<String> adminPinHash;
    private final Language language;
    private final Runnable exit;
    private final AdminPinBackoff backoff;

    /**
     * @param content      the endpoint pane
     * @param adminPinHash from endpoint.json's {@code kiosk.adminPinHash}
     * @param exit         what leaving does (closes the app)
     * @param clock        times the wait after too many wrong PINs
     */
    public KioskMode(Parent content, Optional<String> adminPinHash, Messages messages, Runnable exit, Clock clock) {
        this(content, adminPinHash, new Language(messages), exit, clock);
    }

    /** As above, its texts in {@code language}, following its changes (the panel's last message stays as it was said). */
    public KioskMode(Parent content, Optional<String> adminPinHash, Language language, Runnable exit, Clock clock) {
        this.backoff = new AdminPinBackoff(clock);
        this.adminPinHash = adminPinHash;
        this.language = language;
        this.exit = exit;
        Label title = new Label();
        title.textProperty().bind(language.text("kiosk.adminTitle"));
        title.getStyleClass().add("lock-title");
        pin.setId("kiosk-admin-pin");
        pin.setMaxWidth(220);
        pin.setOnAction(e -> tryLeave());
        Button leave = new Button();
        leave.textProperty().bind(language.text("kiosk.leave"));
        leave.setId("kiosk-leave");
        leave.setOnAction(e -> tryLeave());
        Button cancel = new Button();
        cancel.textProperty().bind(language.text("kiosk.cancel"));
        cancel.setId("kiosk-cancel");
        cancel.setOnAction(e -> hideAdmin());
        message.getStyleClass().add("lock-reason");
        message.setId("kiosk-admin-message");
        HBox buttons = new HBox(10, leave, cancel);
        buttons.setAlignment(Pos.CENTER);
        adminPanel = new VBox(14, title, pin, buttons, message);
        adminPanel.setAlignment(Pos.CENTER);
        adminPanel.getStyleClass().add("lock-screen");
        adminPanel.setVisible(false);
        root = new StackPane(content, adminPanel);
        root.addEventFilter(KeyEvent.KEY_PRESSED, this::guard);
    }

    /** The window's root: the endpoint with the admin panel over it. */
    public Parent root() {
        return root;
    }

    /** Makes the stage a kiosk; call before {@code show()}. */
    public static void applyTo(Stage stage) {
        stage.initStyle(StageStyle.UNDECORATED);
        stage.setAlwaysOnTop(true);
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        stage.setFullScreenExitHint("");
        stage.setFullScreen(true);
        stage.setOnCloseRequest(e -> e.consume()); // Alt+F4 through the window manager, or a stray close
    }

    /** Whether the admin panel is showing (for tests). */
    public boolean adminShowing() {
        return adminPanel.isVisible();
    }

    private void guard(KeyEvent e) {
        if (ADMIN_EXIT.match(e)) {
            e.consume();
            showAdmin();
        } else if (e.getCode() == KeyCode.F4 && e.isAltDown()) {
            e.consume(); // neither closes the kiosk nor the desktop's own window
        } else if (adminPanel.isVisible() && e.getCode() == KeyCode.ESCAPE) {
            e.consume();
            hideAdmin();
        }
    }

    private void showAdmin() {
        pin.clear();
        message.setText(adminPinHash.isEmpty() ? language.messages().text("kiosk.noAdminPin")
                : backoff.refusedFor().map(this::tryAgainIn).orElse(""));
        adminPanel.setVisible(true);
        pin.requestFocus();
    }

    private void hideAdmin() {
        pin.clear();
        adminPanel.setVisible(false);
    }

    private void tryLeave() {
        String typed = pin.getText();
        pin.clear();
        if (adminPinHash.isEmpty()) {
            message.setText(language.messages().text("kiosk.noAdminPin"));
            return;
        }
        Optional<Duration> refused = backoff.refusedFor();
        if (refused.isPresent()) {   // not even checked: the right PIN during the wait would confirm a guess
            message.setText(tryAgainIn(refused.get()));
        } else if (AdminPin.matches(adminPinHash.get(), typed)) {
            backoff.right();
            exit.run();
        } else {
            backoff.wrong();
            message.setText(backoff.refusedFor().map(this::tryAgainIn).orElse(language.messages().text("kiosk.wrongPin")));
        }
    }

    private String tryAgainIn(Duration wait) {
        return language.messages().text("kiosk.tooManyTries", String.valueOf(wait.toSeconds()));
    }
}
