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
    /** Completes once the JavaFX toolkit runs, when {@link #warmUp} started it. */
    private static volatile java.util.concurrent.CompletableFuture<Void> toolkit;

    /**
     * Starts the JavaFX toolkit on a background thread now, so that it initialises (about a
     * second) while the caller registers with the broker and starts the readers; {@link #launch}
     * then only builds the window. Call at most once, before {@link #launch}.
     */
    public static void warmUp() {
        java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
        toolkit = ready;
        Thread t = new Thread(() -> {
            try {
                Platform.startup(() -> ready.complete(null));
            } catch (RuntimeException | Error e) {
                ready.completeExceptionally(e);
            }
        }, "rounds-fx-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Opens the endpoint window and returns when it is closed. A kiosk profile opens it in
     * {@link KioskMode}, which only {@code adminPinHash}'s PIN leaves.
     */
    public static void launch(EndpointProfile profile, RoamingEndpoint roaming, RfbDesktopDisplay display, Messages messages,
                              Optional<String> adminPinHash, Supplier<List<BrokerStatus>> brokers,
                              org.rounds.device.wedge.KeyboardLayout keyboardLayout) {
        wiring = new Wiring(profile, roaming, display, messages, adminPinHash, brokers, keyboardLayout);
        java.util.concurrent.CompletableFuture<Void> ready = toolkit;
        if (ready == null) {
            Application.launch(EndpointApp.class);
            return;
        }
        ready.join();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        Platform.setImplicitExit(false); // the window's end is ours to notice below
        Platform.runLater(() -> {
            Stage stage = new Stage();
            stage.setOnHidden(e -> closed.countDown());
            new EndpointApp().start(stage);
        });
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Platform.exit();
        }
    }

    @Override
    public void start(Stage stage) {
        Wiring w = Objects.requireNonNull(wiring);
        EndpointPane pane = new EndpointPane(w.profile(), w.roaming(), w.display(), w.messages(), Clock.systemDefaultZone());
        pane.showBrokers(w.brokers());
        pane.useKeyboardLayout(w.keyboardLayout());
        boolean kiosk = w.profile().policy().kiosk();
        Scene scene = new Scene(kiosk ? new KioskMode(pane, w.adminPinHash(), w.messages(), () -> {
            stage.hide();
            Platform.exit();
        }).root() : pane, 1100, 720);
        if (kiosk) KioskMode.applyTo(stage);
        scene.getStylesheets().add(Objects.requireNonNull(EndpointApp.class.getResource("rounds.css")).toExternalForm());
        stage.setTitle("Rounds — " + w.profile().endpointId());
        stage.setScene(scene);
        stage.setOnShown(e -> Platform.runLater(() -> System.err.println("rounds client: lock screen shown "
                + (System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                + " ms after the JVM started")));   // rounds bench client waits for this line
        stage.show();
    }
}
