package org.rounds.client.ui;

import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * "Forgot your badge?" on the lock screen: user id and password, sent to the broker as a
 * password login. Folded away behind a link until asked for; the fields are emptied when sent.
 */
final class PasswordLoginForm extends VBox {
    private final TextField user = new TextField();
    private final PasswordField password = new PasswordField();
    private final HBox fields;

    PasswordLoginForm(Language m, BiConsumer<String, String> login) {
        super(8);
        setAlignment(Pos.CENTER);
        Hyperlink open = new Hyperlink();
        open.textProperty().bind(m.text("login.open"));
        open.setId("login-open");
        open.getStyleClass().add("login-link");
        user.promptTextProperty().bind(m.text("login.user"));
        user.setId("login-user");
        password.promptTextProperty().bind(m.text("login.password"));
        password.setId("login-password");
        Button signIn = new Button();
        signIn.textProperty().bind(m.text("login.signIn"));
        signIn.setId("login-sign-in");
        Runnable send = () -> {
            String u = user.getText().strip(), p = password.getText();
            password.clear();
            if (u.isEmpty() || p.isEmpty()) return;
            user.clear();
            fold(true);
            login.accept(u, p);
        };
        signIn.setOnAction(e -> send.run());
        password.setOnAction(e -> send.run());
        fields = new HBox(8, user, password, signIn);
        fields.setAlignment(Pos.CENTER);
        open.setOnAction(e -> {
            fold(fields.isVisible());
            if (fields.isVisible()) user.requestFocus();
        });
        fold(true);
        getChildren().addAll(open, fields);
    }

    /** Hides (true) or shows the fields; hiding empties them (FX thread). */
    void fold(boolean hide) {
        fields.setVisible(!hide);
        fields.setManaged(!hide);
        if (hide) {
            user.clear();
            password.clear();
        }
    }
}
