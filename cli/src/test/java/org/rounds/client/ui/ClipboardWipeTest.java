package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.input.Clipboard;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoEndpoint;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.device.wedge.KeyboardLayout;
import org.rounds.roaming.session.RoamingState;
import org.rounds.testpeers.Await;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What the nurse's desktop copied (Ctrl+C of her notes) is in the cart's own clipboard while her
 * session shows, and gone when the desktop connection drops and reconnects, when the endpoint is
 * asked to stop (the shutdown hook that SIGTERM runs) and when its window closes.
 */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
@ResourceLock("javafx")   // one FX toolkit and TestFX primary stage per JVM: window tests take turns
class ClipboardWipeTest {
    private DemoWorld world;
    private DemoEndpoint cart;
    private Stage stage;
    private Thread hook;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        world = DemoWorld.start(Map.of("cart-1", "cart"));
        cart = world.endpoint("cart-1");
    }

    @AfterEach
    void stop() throws Exception {
        if (hook != null) Runtime.getRuntime().removeShutdownHook(hook);
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(5, TimeUnit.SECONDS);
        world.close();
    }

    @Test
    void theSessionsClipboardTextIsWipedOnReconnectOnSigtermAndOnExit() throws Exception {
        EndpointPane pane = WaitForAsyncUtils.asyncFx(() -> {
            EndpointPane p = new EndpointPane(cart.parts(), Messages.of("en"), Optional.empty(), KeyboardLayout.QWERTY);
            Scene scene = new Scene(p, 1100, 720);
            scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/org/rounds/client/ui/rounds.css")).toExternalForm());
            stage.setScene(scene);
            hook = EndpointApp.wipeOnExit(stage, p);
            stage.show();
            return p;
        }).get(5, TimeUnit.SECONDS);
        NurseSignIn.on(cart);
        for (char c : "K+ 4.1".toCharArray()) {
            cart.display().sendKey(c, true);
            cart.display().sendKey(c, false);
        }
        copyNotes();
        awaitClipboard("K+ 4.1");

        world.desktops().disconnect("nurse"); // the network drops the viewer; the session comes back without a tap
        awaitState(RoamingState.RECONNECTING);
        awaitClipboard(null);
        NurseSignIn.on(cart);   // back by itself; or, when the reconnect outlasted its deadline here, by her tap

        copyNotes();
        awaitClipboard("K+ 4.1");
        hook.run();   // what the JVM runs on SIGTERM
        assertThat(clipboard()).as("after the shutdown hook").isNull();

        copyNotes();
        awaitClipboard("K+ 4.1");
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(5, TimeUnit.SECONDS);   // the window closes: the app exits
        assertThat(clipboard()).as("after the window closed").isNull();
        assertThat(pane.locked()).isFalse();
    }

    /** Ctrl+C on the nurse's desktop: it copies her notes to the viewer's clipboard. */
    private void copyNotes() {
        cart.display().sendKey(0xffe3, true);   // Control_L
        cart.display().sendKey('c', true);
        cart.display().sendKey('c', false);
        cart.display().sendKey(0xffe3, false);
    }

    private void awaitState(RoamingState state) {
        Await.until(Duration.ofSeconds(10), () -> state + " on cart-1, now " + cart.roaming().state(),
                () -> cart.roaming().state() == state);
    }

    private void awaitClipboard(String text) throws Exception {
        Await.until(Duration.ofSeconds(10), () -> "the endpoint's clipboard to hold " + text, () -> Objects.equals(clipboard(), text));
    }

    /** The endpoint's system clipboard text, or null. */
    private static String clipboard() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            Clipboard cb = Clipboard.getSystemClipboard();
            return cb.hasString() ? cb.getString() : null;
        }).get(5, TimeUnit.SECONDS);
    }
}
