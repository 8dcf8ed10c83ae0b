package org.rounds.client.ui;

import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.rounds.client.endpoint.Endpoint;

/** The JavaFX application of a {@link SideBySideWindow} (the demo's); started by {@link #launch}. */
public final class SideBySideApp extends Application {
    private record Wiring(String title, List<Endpoint> endpoints, List<SideBySideWindow.BadgeButton> buttons, Messages messages) {}

    private static volatile Wiring wiring;

    /** Opens the window and returns when it is closed. */
    public static void launch(String title, List<Endpoint> endpoints, List<SideBySideWindow.BadgeButton> buttons, Messages messages) {
        wiring = new Wiring(title, List.copyOf(endpoints), List.copyOf(buttons), Objects.requireNonNull(messages));
        Application.launch(SideBySideApp.class);
    }

    @Override
    public void start(Stage stage) {
        Wiring w = Objects.requireNonNull(wiring);
        SideBySideWindow window = new SideBySideWindow(w.endpoints(), w.buttons(), w.messages());
        Scene scene = new Scene(window.root(), 1280, 760);
        scene.getStylesheets().add(Objects.requireNonNull(SideBySideApp.class.getResource("rounds.css")).toExternalForm());
        stage.setTitle(w.title());
        stage.setScene(scene);
        stage.show();
    }
}
