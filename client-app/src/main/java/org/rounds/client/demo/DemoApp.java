package org.rounds.client.demo;

import java.util.Objects;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.rounds.client.ui.Messages;

/** The JavaFX application of {@code rounds demo}; started by {@link #launch(DemoWorld)}. */
public final class DemoApp extends Application {
    private static volatile DemoWorld world;
    private static volatile Messages messages;

    /** Opens the demo window on {@code w} and returns when the window is closed. */
    public static void launch(DemoWorld w, Messages m) {
        world = Objects.requireNonNull(w);
        messages = Objects.requireNonNull(m);
        Application.launch(DemoApp.class);
    }

    @Override
    public void start(Stage stage) {
        DemoWindow window = new DemoWindow(world, messages);
        Scene scene = new Scene(window.root(), 1280, 760);
        scene.getStylesheets().add(Objects.requireNonNull(DemoApp.class.getResource("/org/rounds/client/ui/rounds.css")).toExternalForm());
        stage.setTitle("Rounds demo — tap a badge on a cart");
        stage.setScene(scene);
        stage.show();
    }
}
