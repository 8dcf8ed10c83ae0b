package org.rounds.client.ui;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.rounds.client.config.EndpointConfig;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.device.wedge.WedgeConfig;

/** The JavaFX application of {@code rounds client}: one endpoint, one window. */
public final class EndpointApp extends Application {
    private record Wiring(Endpoint endpoint, EndpointConfig config, Optional<WedgeConfig> windowWedge) {}
    /** How long the shutdown hook waits for the FX thread to wipe the clipboard: SIGTERM must not hang. */
    private static final long WIPE_WAIT_MS = 1000;

    private static volatile Wiring wiring;
    /** Completes once the JavaFX toolkit runs, when {@link #warmUp} started it. */
    private static volatile CompletableFuture<Void> toolkit;

    /**
     * Starts the JavaFX toolkit on a background thread now, so that it initialises (about a
     * second) while the caller registers with the broker and starts the readers; {@link #launch}
     * then only builds the window. Later calls do nothing.
     */
    public static synchronized void warmUp() {
        if (toolkit != null) return;
        CompletableFuture<Void> ready = new CompletableFuture<>();
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
     * Opens the window of {@code endpoint} and returns when it is closed. A kiosk profile opens it
     * in {@link KioskMode}, which only the configured admin PIN leaves. {@code windowWedge}: the
     * keyboard-wedge reader typing into the window, when one is configured or detected; empty,
     * keys are only keys ({@link org.rounds.client.config.WedgeReader}).
     */
    public static void launch(Endpoint endpoint, EndpointConfig config, Optional<WedgeConfig> windowWedge) {
        wiring = new Wiring(endpoint, config, windowWedge);
        CompletableFuture<Void> ready = toolkit;
        if (ready == null) {
            Application.launch(EndpointApp.class);
            return;
        }
        ready.join();
        CountDownLatch closed = new CountDownLatch(1);
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
        Language language = Language.of(w.config().language());
        EndpointPane pane = new EndpointPane(w.endpoint(), language, w.windowWedge(), w.config().readers().layout());
        wipeOnExit(stage, pane);
        pane.showBrokers(w.endpoint().broker()::statuses);
        boolean kiosk = w.endpoint().profile().policy().kiosk();
        Scene scene = new Scene(kiosk ? new KioskMode(pane, Optional.ofNullable(w.config().kiosk().adminPinHash()), language, () -> {
            stage.hide();
            Platform.exit();
        }, w.endpoint().clock()).root() : pane, 1100, 720);
        if (kiosk) KioskMode.applyTo(stage);
        scene.getStylesheets().add(Objects.requireNonNull(EndpointApp.class.getResource("rounds.css")).toExternalForm());
        stage.setTitle("Rounds — " + w.endpoint().id());
        stage.setScene(scene);
        stage.setOnShown(e -> Platform.runLater(() -> System.err.println("rounds client: lock screen shown "
                + (System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime())
                + " ms after the JVM started")));   // rounds bench client waits for this line
        stage.show();
    }

    /**
     * Wipes what the session copied from the local clipboard when the window closes (a kiosk's
     * admin exit, a closed window) and when the JVM is asked to stop (SIGTERM from systemd):
     * returns the shutdown hook it registered, which waits at most a second for the FX thread.
     */
    static Thread wipeOnExit(Stage stage, EndpointPane pane) {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        stage.addEventHandler(WindowEvent.WINDOW_HIDDEN, e -> {
            pane.closing();
            closed.set(true);
        });
        Thread hook = new Thread(() -> {
            // After the window closed JavaFX drops new runLater calls: waiting would only delay the exit.
            if (closed.get()) return;
            CountDownLatch wiped = new CountDownLatch(1);
            try {
                Platform.runLater(() -> {
                    try {
                        pane.closing();
                    } finally {
                        wiped.countDown();
                    }
                });
                wiped.await(WIPE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (IllegalStateException toolkitGone) {
                // JavaFX already stopped: the window-closed handler has wiped it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rounds-clipboard-wipe");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }
}
