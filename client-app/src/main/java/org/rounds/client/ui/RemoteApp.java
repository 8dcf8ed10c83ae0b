package org.rounds.client.ui;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.client.remote.RemoteDesk;
import org.rounds.roaming.client.RemoteGateway;

/** The JavaFX application of {@code rounds client --remote}: sign in at a gateway, then the desktop. */
public final class RemoteApp extends Application {
    private record Wiring(RemoteGateway gateway, String gatewayName, String deviceId, String language) {}

    private static volatile Wiring wiring;

    /** Opens the window and returns when it is closed; the gateway is closed with it. */
    public static void launch(RemoteGateway gateway, String gatewayName, String deviceId, String language) {
        wiring = new Wiring(gateway, gatewayName, deviceId, language);
        Application.launch(RemoteApp.class);
    }

    @Override
    public void start(Stage stage) {
        Wiring w = Objects.requireNonNull(wiring);
        stage.setScene(scene(w.gateway(), w.gatewayName(), w.deviceId(), Messages.of(w.language()), stage));
        stage.setTitle("Rounds — " + w.gatewayName());
        stage.show();
    }

    /** The window's scene; closing {@code stage} clears the screen and closes the tunnel. */
    static Scene scene(RemoteGateway gateway, String gatewayName, String deviceId, Messages messages, Stage stage) {
        ExecutorService work = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rounds-remote-sign-in");
            t.setDaemon(true);
            return t;
        });
        RfbDesktopDisplay display = new RfbDesktopDisplay();
        RemotePane pane = new RemotePane(messages, gatewayName, display,
                listener -> new RemoteDesk(gateway, gatewayName, display, deviceId, listener), work);
        stage.setOnHidden(e -> {
            pane.closing();
            work.shutdownNow();
        });
        Scene scene = new Scene(pane, 1100, 720);
        scene.getStylesheets().add(Objects.requireNonNull(RemoteApp.class.getResource("rounds.css")).toExternalForm());
        return scene;
    }
}
