package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.rounds.broker.api.DesktopPool;
import org.rounds.client.config.AdminPin;
import org.rounds.cli.demo.DemoBadge;
import org.rounds.cli.demo.DemoEndpoint;
import org.rounds.cli.demo.DemoWorld;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The kiosk window under Monocle: the shared desktop at start, no way out but the admin PIN. */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
@ResourceLock("javafx")   // one FX toolkit and TestFX primary stage per JVM: window tests take turns
class KioskModeTest {
    private static final String PIN_HASH = AdminPin.hash("482916");

    private DemoWorld world;
    private Stage kiosk;
    private KioskMode mode;
    private EndpointPane pane;
    private final AtomicInteger exits = new AtomicInteger();
    private final TestClock clock = new TestClock(Instant.parse("2026-12-06T09:00:00Z"));

    @Start
    void start(Stage primary) {
        // Monocle applies full screen to its focused window: without one (this class run alone) it throws
        primary.setScene(new Scene(new javafx.scene.layout.Pane(), 100, 100));
        // and Monocle makes that window full screen too: with JavaFX's exit hint, its fade ran on after the next
        // test replaced the scene, threw in GlassScene and stopped the pulses every later window test waits on
        primary.setFullScreenExitHint("");
        primary.setFullScreenExitKeyCombination(javafx.scene.input.KeyCombination.NO_MATCH);
        primary.show();
        world = DemoWorld.start(Map.of("er-kiosk", "kiosk"));
        DemoEndpoint e = world.endpoint("er-kiosk");
        pane = new EndpointPane(e.parts(), Messages.of("en"), Optional.empty(),
                org.rounds.device.wedge.KeyboardLayout.QWERTY);
        mode = new KioskMode(pane, Optional.of(PIN_HASH), Messages.of("en"), exits::incrementAndGet, clock);
        kiosk = new Stage();
        Scene scene = new Scene(mode.root(), 1100, 720);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/org/rounds/client/ui/rounds.css")).toExternalForm());
        kiosk.setScene(scene);
        KioskMode.applyTo(kiosk);
        kiosk.show();
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> kiosk.hide()).get(5, TimeUnit.SECONDS);
        world.close();
    }

    @Test
    void showsTheSharedDesktopAtStartFullScreenAndIgnoresBadges(FxRobot robot) throws Exception {
        waitFor(() -> world.endpoint("er-kiosk").roaming().state() == RoamingState.IN_SESSION && !pane.locked());
        waitFor(() -> showsHostDesktop(DemoWorld.KIOSK_ACCOUNT));
        assertThat(kiosk.getStyle()).isEqualTo(StageStyle.UNDECORATED);
        assertThat(kiosk.isAlwaysOnTop()).isTrue();
        assertThat(kiosk.isFullScreen()).isTrue();
        assertThat(robot.lookup(".kiosk-banner").tryQuery()).isPresent();
        Screenshots.save(kiosk.getScene(), "kiosk");

        CountDownLatch refused = new CountDownLatch(1);
        world.endpoint("er-kiosk").roaming().addListener(new StateListener() {
            @Override public void transitioned(Transition t) {}

            @Override public void tapIgnored(Reason reason, Instant at) {
                if (reason.kind() == Reason.Kind.KIOSK_NO_BADGES) refused.countDown();
            }
        });
        world.endpoint("er-kiosk").tap(DemoBadge.NURSE);
        assertThat(refused.await(5, TimeUnit.SECONDS)).as("the kiosk heard the badge and refused it").isTrue();
        assertThat(world.endpoint("er-kiosk").roaming().currentUserId()).contains(DemoWorld.KIOSK_ACCOUNT);
    }

    @Test
    void closeAltF4AndEscapeDoNotLeaveTheKiosk(FxRobot robot) throws Exception {
        WaitForAsyncUtils.asyncFx(() -> kiosk.fireEvent(new WindowEvent(kiosk, WindowEvent.WINDOW_CLOSE_REQUEST)))
                .get(5, TimeUnit.SECONDS);
        robot.press(KeyCode.ALT).press(KeyCode.F4).release(KeyCode.F4).release(KeyCode.ALT);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(kiosk.isShowing()).isTrue();
        assertThat(kiosk.isFullScreen()).isTrue();
        assertThat(exits).hasValue(0);
    }

    @Test
    void onlyTheAdminPinLeaves(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.ALT, KeyCode.SHIFT, KeyCode.X).release(KeyCode.X, KeyCode.SHIFT, KeyCode.ALT, KeyCode.CONTROL);
        waitFor(mode::adminShowing);
        robot.clickOn("#kiosk-admin-pin").write("111111").type(KeyCode.ENTER);
        waitFor(() -> robot.lookup("Wrong PIN").tryQuery().isPresent());
        assertThat(exits).hasValue(0);
        Screenshots.save(kiosk.getScene(), "kiosk-admin");

        robot.clickOn("#kiosk-admin-pin").write("482916");
        robot.clickOn("#kiosk-leave");
        waitFor(() -> exits.get() == 1);
    }

    @Test
    void afterThreeWrongPinsEvenTheRightOneIsRefusedUntilTheWaitIsOver(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.ALT, KeyCode.SHIFT, KeyCode.X).release(KeyCode.X, KeyCode.SHIFT, KeyCode.ALT, KeyCode.CONTROL);
        waitFor(mode::adminShowing);
        for (int i = 1; i <= 2; i++) {
            robot.clickOn("#kiosk-admin-pin").write("11111" + i).type(KeyCode.ENTER);
            waitFor(() -> message(robot).equals("Wrong PIN"));
        }
        robot.clickOn("#kiosk-admin-pin").write("111113").type(KeyCode.ENTER);
        waitFor(() -> message(robot).equals("Too many wrong PINs: try again in 30 s"));

        clock.advance(java.time.Duration.ofSeconds(12));
        robot.clickOn("#kiosk-admin-pin").write("482916").type(KeyCode.ENTER);   // the right PIN, too early
        waitFor(() -> message(robot).equals("Too many wrong PINs: try again in 18 s"));
        assertThat(exits).as("the right PIN during the wait does not leave").hasValue(0);
        Screenshots.save(kiosk.getScene(), "kiosk-admin-backoff");

        clock.advance(java.time.Duration.ofSeconds(18));
        robot.clickOn("#kiosk-admin-pin").write("482916").type(KeyCode.ENTER);
        waitFor(() -> exits.get() == 1);
    }

    @Test
    void eachWrongPinAfterTheWaitDoublesIt(FxRobot robot) throws Exception {
        robot.press(KeyCode.CONTROL, KeyCode.ALT, KeyCode.SHIFT, KeyCode.X).release(KeyCode.X, KeyCode.SHIFT, KeyCode.ALT, KeyCode.CONTROL);
        waitFor(mode::adminShowing);
        for (int i = 1; i <= 3; i++) robot.clickOn("#kiosk-admin-pin").write("11111" + i).type(KeyCode.ENTER);
        waitFor(() -> message(robot).equals("Too many wrong PINs: try again in 30 s"));
        clock.advance(java.time.Duration.ofSeconds(30));
        robot.clickOn("#kiosk-admin-pin").write("111114").type(KeyCode.ENTER);
        waitFor(() -> message(robot).equals("Too many wrong PINs: try again in 60 s"));
        assertThat(exits).hasValue(0);
    }

    private static String message(FxRobot robot) {
        return robot.lookup("#kiosk-admin-message").queryAs(javafx.scene.control.Label.class).getText();
    }

    /** A clock the test moves by hand. */
    private static final class TestClock extends java.time.Clock {
        private volatile Instant now;

        TestClock(Instant start) { now = start; }

        void advance(java.time.Duration d) { now = now.plus(d); }

        @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }

        @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }

        @Override public Instant instant() { return now; }
    }

    private boolean showsHostDesktop(String user) throws Exception {
        Image img = WaitForAsyncUtils.asyncFx(() -> pane.desktopView().image()).get(5, TimeUnit.SECONDS);
        if (img == null) return false;
        DesktopPool.Snapshot s = world.desktops().snapshot(user).orElseThrow();
        if ((int) img.getWidth() != s.width() || (int) img.getHeight() != s.height()) return false;
        for (int y = 0; y < s.height(); y += 7) {
            for (int x = 0; x < s.width(); x += 5) {
                if (img.getPixelReader().getArgb(x, y) != s.pixels()[y * s.width() + x]) return false;
            }
        }
        return true;
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }
}
