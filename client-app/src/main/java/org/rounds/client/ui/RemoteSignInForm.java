package org.rounds.client.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.layout.VBox;

/**
 * Sign-in from outside the hospital: user id, password and the authenticator app's 6-digit
 * code. The password and code are emptied as soon as they are sent; a refusal shows one line.
 */
final class RemoteSignInForm extends VBox {
    /** What the form sends: called on the FX thread, must hand the work to another thread. */
    interface SignIn {
        void signIn(String userId, String password, String code);
    }

    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final TextField code = new TextField();
    private final Button signIn;
    private final Label status = new Label();
    private final Messages messages;

    RemoteSignInForm(Messages m, String gateway, SignIn send) {
        super(10);
        this.messages = m;
        setAlignment(Pos.CENTER);
        setMaxWidth(380);
        getStyleClass().add("remote-sign-in");
        setId("remote-form");
        Label title = new Label(m.text("remote.title"));
        title.getStyleClass().add("remote-title");
        Label through = new Label(m.text("remote.gateway", gateway));
        user.setPromptText(m.text("login.user"));
        user.setId("remote-user");
        password.setPromptText(m.text("login.password"));
        password.setId("remote-password");
        code.setPromptText(m.text("remote.code"));
        code.setId("remote-code");
        // Six digits and nothing else: a pasted "123 456" loses its space, letters never appear.
        code.setTextFormatter(new TextFormatter<String>(c -> {
            c.setText(c.getText().replaceAll("[^0-9]", ""));
            return c.getControlNewText().length() <= 6 ? c : null;
        }));
        signIn = new Button(m.text("login.signIn"));
        signIn.setId("remote-sign-in");
        signIn.setDefaultButton(true);
        status.setId("remote-status");
        status.setWrapText(true);
        signIn.setOnAction(e -> {
            String u = user.getText().strip(), p = password.getText(), c = code.getText();
            password.clear();
            code.clear();
            if (u.isEmpty() || p.isEmpty() || c.length() != 6) return;
            busy(true);
            status.setText(messages.text("remote.signingIn"));
            send.signIn(u, p, c);
        });
        getChildren().addAll(title, through, user, password, code, signIn, status);
    }

    /** A refusal or the reason the desktop went, in one line; the form is ready again (FX thread). */
    void say(String line) {
        busy(false);
        status.setText(line);
        (user.getText().isEmpty() ? user : password).requestFocus();
    }

    /** Waiting for something else than the user (a dropped desktop asked back), saying what (FX thread). */
    void waitWith(String line) {
        busy(true);
        status.setText(line);
    }

    private void busy(boolean busy) {
        signIn.setDisable(busy);
        user.setDisable(busy);
        password.setDisable(busy);
        code.setDisable(busy);
    }
}
