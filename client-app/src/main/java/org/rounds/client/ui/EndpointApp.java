package org.rounds.client.ui;

import java.time.Clock;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.rounds.roaming.client.BrokerStatus;
import javafx.application.Platform;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;

/** The JavaFX application of {@code rounds client}: one endpoint, one window. */
public final class EndpointApp extends Application {
    private record Wiring(EndpointProfile profile, RoamingEndpoint roaming, RfbDesktopDisplay display, Messages messages,
                          Optional<String> adminPinHash, Supplier<List<BrokerStatus>> brokers,
                          org.rounds.device.wedge.KeyboardLayout keyboardLayout) {}

    private static volatile Wiring wiring;

    /**
     * Opens the endpoint window and returns when it is closed. A kiosk profile opens it in
     * {@link KioskMode}, which only {@code adminPinHash}'s PIN leaves.
     */
    public static void launch(EndpointProfile profile, RoamingEndpoint roaming, RfbDesktopDisplay display, Messages messages,
                              Optional<String> adminPinHash, Supplier<List<BrokerStatus>> brokers,
                              org.rounds.device.wedge.KeyboardLayout keyboardLayout) {
        wiring = new Wiring(profile, roaming, display, messages, adminPinHash, brokers, keyboardLayout);
        Application.launch(EndpointApp.class);
    }

    @Override
    public void start(Stage stage) {
        Wiring w = Objects.requireNonNull(wiring);
        EndpointPane pane = new EndpointPane(w.profile(), w.roaming(), w.display(), w.messages(), Clock.systemDefaultZone());
        pane.showBrokers(w.brokers());
        pane.useKeyboardLayout(w.keyboardLayout());
        boolean kiosk = w.profile().policy().kiosk();
        Scene scene = new Scene(kiosk ? new KioskMode(pane, w.adminPinHash(), w.messages(), Platform::exit).root() : pane, 1100, 720);
        if (kiosk) KioskMode.applyTo(stage);
        scene.getStylesheets().add(Objects.requireNonNull(EndpointApp.class.getResource("rounds.css")).toExternalForm());
        stage.setTitle("Rounds — " + w.profile().endpointId());
        stage.setScene(scene);
        stage.show();
    }
}
