package org.rounds.client.ui;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.rounds.broker.api.OneLine;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.input.KeyTranslator;
import org.rounds.client.input.PointerInput;
import org.rounds.client.remote.RemoteDesk;

/**
 * The window of {@code rounds client --remote}: the sign-in form over a blank screen, then the
 * desktop with a bar to sign out. When the desktop goes (a tap inside took it, the tunnel was
 * cut) the screen is blank before the form says why.
 */
final class RemotePane extends BorderPane {
    private final FramebufferView desktop = new FramebufferView();
    private final KeyTranslator keys = new KeyTranslator();
    private final RfbDesktopDisplay display;
    private final RemoteSignInForm form;
    private final Label who = new Label();
    private final HBox bar;
    private final Messages messages;
    private final RemoteDesk desk;

    /**
     * {@code desk} makes the session controller, given where the desktop's end is to be told;
     * {@code work} runs sign-ins off the FX thread.
     */
    RemotePane(Messages m, String gateway, RfbDesktopDisplay display, java.util.function.Function<RemoteDesk.Listener, RemoteDesk> desk,
               Executor work) {
        this.display = display;
        this.messages = m;
        this.form = new RemoteSignInForm(m, gateway, (user, password, code) -> work.execute(() -> signIn(user, password, code)));
        this.desk = desk.apply(new RemoteDesk.Listener() {
            @Override public void shown(String displayName) { FxThread.run(() -> showDesktop(displayName)); }

            @Override public void reconnecting(String why) { FxThread.run(() -> showReconnecting(why)); }

            @Override public void ended(String why) { FxThread.run(() -> showForm(why)); }
        });
        Button signOut = new Button(m.text("remote.signOut"));
        signOut.setId("remote-sign-out");
        signOut.setOnAction(e -> work.execute(this.desk::signOut));
        HBox spacer = new HBox();
        HBox.setHgrow(spacer, javafx.scene.layout.Priority.ALWAYS);
        bar = new HBox(10, who, spacer, signOut);
        bar.setPadding(new Insets(6, 10, 6, 10));
        bar.getStyleClass().add("remote-bar");
        StackPane screen = new StackPane(desktop, form);
        screen.setFocusTraversable(true);
        screen.setOnMouseClicked(e -> screen.requestFocus());
        screen.addEventFilter(KeyEvent.KEY_PRESSED, e -> keysToDesktop(e, () -> keys.pressed(e.getCode(), EndpointPane.shortcut(e))));
        screen.addEventFilter(KeyEvent.KEY_TYPED, e -> keysToDesktop(e, () -> keys.typed(e.getCharacter())));
        screen.addEventFilter(KeyEvent.KEY_RELEASED, e -> keysToDesktop(e, () -> keys.released(e.getCode())));
        screen.focusedProperty().addListener((o, was, is) -> {
            if (!is) send(keys.releaseAll());
        });
        PointerInput.attach(desktop, display::sendPointer);
        display.onCursor(c -> FxThread.run(() -> desktop.showRemoteCursor(c.orElse(null))));
        display.onFramebuffer(fb -> FxThread.run(() -> fb.ifPresentOrElse(desktop::show, desktop::blank)));
        setCenter(screen);
        showForm("");
    }

    private void signIn(String user, String password, String code) {
        try {
            desk.signIn(user, password, code);
        } catch (IOException | RuntimeException e) {
            String line = OneLine.of(e);
            FxThread.run(() -> showForm(line));
        }
    }

    private void showDesktop(String name) {
        if (!desk.showing()) return; // it went before this ran: the form, already back, says why
        who.setText(name);
        form.setVisible(false);
        setTop(bar);
        getCenter().requestFocus();
    }

    private void showReconnecting(String why) {
        send(keys.releaseAll());
        setTop(null);
        form.setVisible(true);
        form.waitWith(messages.text("remote.reconnecting", why));
    }

    private void showForm(String why) {
        send(keys.releaseAll());
        setTop(null);
        who.setText("");
        form.setVisible(true);
        form.say(why);
    }

    private void keysToDesktop(KeyEvent e, java.util.function.Supplier<List<KeyTranslator.KeyAction>> actions) {
        if (form.isVisible()) return; // typing into the form
        send(actions.get());
        e.consume();
    }

    /** One key event's actions (a typed character's press and release) in one record to the desktop. */
    private void send(List<KeyTranslator.KeyAction> actions) {
        if (actions.isEmpty()) return;
        display.sendTogether(() -> {
            for (KeyTranslator.KeyAction a : actions) display.sendKey(a.keysym(), a.down());
        });
    }

    /** Clears the screen and closes the tunnel: the window is closing. */
    void closing() { desk.close(); }
}
