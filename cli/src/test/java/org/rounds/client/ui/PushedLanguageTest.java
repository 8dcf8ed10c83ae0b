package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.PushAck;
import org.rounds.broker.api.ProfileSettings;
import org.rounds.broker.api.PushEvent;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoEndpoint;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.device.wedge.KeyboardLayout;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.RoamingState;
import org.rounds.testpeers.Await;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A profile pushed from the IT console with another language: the cart's lock screen speaks it
 * within 2 s, with no restart, and the nurse's desktop on screen keeps painting through the switch
 * (no reconnect, no blank).
 */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
@ResourceLock("javafx")   // one FX toolkit and TestFX primary stage per JVM: window tests take turns
class PushedLanguageTest {
    private static final Duration LIVE = Duration.ofSeconds(2);
    private final AtomicInteger version = new AtomicInteger();
    private DemoWorld world;
    private DemoEndpoint cart;
    private Stage stage;
    private Scene scene;
    private EndpointPane pane;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        world = DemoWorld.start(Map.of("cart-1", "cart"));
        cart = world.endpoint("cart-1");
        pane = new EndpointPane(cart.parts(), Messages.of("en"), Optional.empty(), KeyboardLayout.QWERTY);
        scene = new Scene(pane, 1100, 720);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/org/rounds/client/ui/rounds.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(5, TimeUnit.SECONDS);
        world.close();
    }

    @Test
    void aPushedProfileSwitchesTheLockScreenToFrenchAndBack(FxRobot robot) throws Exception {
        awaitTexts(robot, "Tap your badge", "Forgot your badge? Sign in with your password");
        Screenshots.save(scene, "language-lock-en");

        push("fr");
        awaitTexts(robot, "Présentez votre badge", "Badge oublié ? Connectez-vous avec votre mot de passe");
        assertThat(texts(robot)).doesNotContain("Tap your badge").anyMatch(t -> t.matches("[a-z]+ \\d+ [a-zéû]+ \\d{4}"));
        Screenshots.save(scene, "language-lock-fr");

        push("en");
        awaitTexts(robot, "Tap your badge");
        assertThat(texts(robot)).doesNotContain("Présentez votre badge");
    }

    @Test
    void theDesktopKeepsPaintingThroughTheSwitch(FxRobot robot) throws Exception {
        NurseSignIn.on(cart);
        Await.until(Duration.ofSeconds(10), () -> "the nurse's desktop on screen", () -> !pane.locked() && showsHostDesktop());
        List<RoamingState> states = new CopyOnWriteArrayList<>();
        cart.roaming().addListener(t -> states.add(t.to()));
        Screenshots.save(scene, "language-session-en");

        push("fr");
        type("K+ 4.1");   // the desktop changes while the texts switch: it must reach the screen
        EmbeddedDesktopPool host = (EmbeddedDesktopPool) world.desktops();
        Await.until(Duration.ofSeconds(10), () -> "the notes typed on the desktop", () -> host.desktop("nurse").orElseThrow().notes().equals("K+ 4.1"));
        Await.until(Duration.ofSeconds(5), () -> "the desktop painted after the switch", this::showsHostDesktop);
        Await.until(LIVE, () -> "the session menu in French", () -> menuTexts().contains("Ajuster à la fenêtre"));
        assertThat(states).as("transitions during the switch: no reconnect, no lock").isEmpty();
        assertThat(pane.locked()).isFalse();
        Screenshots.save(scene, "language-session-fr");

        cart.tap(DemoBadge.NURSE);   // she taps out: the lock screen is up, in French
        Await.until(Duration.ofSeconds(10), () -> "LOCKED, now " + cart.roaming().state(), () -> cart.roaming().state() == RoamingState.LOCKED);
        awaitTexts(robot, "Présentez votre badge");
        assertThat(texts(robot)).anyMatch(t -> t.startsWith("Vous vous êtes déconnecté — Verrouillé à "));
    }

    /** What the broker pushes when the console puts the cart in the ward profile with {@code language}. */
    private void push(String language) {
        ProfileSettings settings = new ProfileSettings(15, "lock", true, "both", language, List.of(), "");
        cart.roaming().onPush(new PushEvent.ProfileChanged("p" + version.incrementAndGet(), "ward", version.get(), settings), new PushChannel() {
            @Override public boolean ack(PushAck ack) { return true; }
            @Override public boolean isConnected() { return true; }
            @Override public void close() {}
        });
    }

    private void type(String text) {
        for (char c : text.toCharArray()) {
            cart.display().sendKey(c, true);
            cart.display().sendKey(c, false);
        }
    }

    private List<String> menuTexts() {
        return onFx(() -> ((javafx.scene.control.MenuButton) scene.lookup("#session-menu")).getItems().stream()
                .map(javafx.scene.control.MenuItem::getText).toList());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitTexts(FxRobot robot, String... expected) {
        Await.until(LIVE, () -> "the lock screen to show " + List.of(expected) + ", shows " + texts(robot),
                () -> texts(robot).containsAll(List.of(expected)));
    }

    /** Every visible label, button and link text on screen. */
    private static List<String> texts(FxRobot robot) {
        return onFx(() -> robot.lookup(n -> n instanceof javafx.scene.control.Labeled l && isShown(l))
                .queryAllAs(javafx.scene.control.Labeled.class).stream().map(javafx.scene.control.Labeled::getText).toList());
    }

    private static boolean isShown(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    /** The pixels painted in the view equal the desktop host's own rendering. */
    private boolean showsHostDesktop() {
        Image img = onFx(() -> pane.desktopView().image());
        if (img == null) return false;
        DesktopPool.Snapshot s = world.desktops().snapshot("nurse").orElseThrow();
        if ((int) img.getWidth() != s.width() || (int) img.getHeight() != s.height()) return false;
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < s.height(); y += 7) {
            for (int x = 0; x < s.width(); x += 5) {
                if (r.getArgb(x, y) != s.pixels()[y * s.width() + x]) return false;
            }
        }
        return true;
    }
}
