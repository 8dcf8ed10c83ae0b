package org.rounds.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rounds.broker.api.DesktopPool;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.client.ui.EndpointPane;
import org.rounds.roaming.session.RoamingState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The demo window under Monocle: what a user sees when badges are tapped on the carts. */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
class DemoWindowTest {
    private DemoWorld world;
    private Scene scene;

    @Start
    void start(Stage stage) {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("cart-1", "cart");
        kinds.put("cart-2", "cart");
        world = DemoWorld.start(kinds);
        scene = new Scene(new org.rounds.client.ui.SideBySideWindow(world.parts(), world.badgeButtons(), org.rounds.client.ui.Messages.of("en")).root(), 1280, 760);
        scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/org/rounds/client/ui/rounds.css")).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void aTapShowsTheDesktopAndATapOutBlanksItAtOnce(FxRobot robot) throws Exception {
        screenshot("demo-locked");
        EndpointPane cart1 = robot.lookup(".endpoint").nth(0).queryAs(EndpointPane.class);
        assertThat(cart1.locked()).isTrue();

        robot.clickOn("#badge-Nurse");
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.IN_SESSION);
        waitFor(() -> !cart1.locked() && showsHostDesktop(cart1));
        screenshot("demo-session");

        robot.clickOn("#badge-Nurse");
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.LOCKED);
        long lockedAt = System.nanoTime();
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(100, TimeUnit.MILLISECONDS, () -> cart1.locked() && cart1.desktopView().shown() == null);
        assertThat((System.nanoTime() - lockedAt) / 1_000_000).as("ms from LOCKED to the lock view").isLessThan(100);
        assertThat(world.endpoint("cart-1").display().framebuffer()).isEmpty();
        assertThat(WaitForAsyncUtils.asyncFx(() -> cart1.lockView().reasonText()).get(5, TimeUnit.SECONDS))
                .startsWith("You tapped out — Locked at ");
        screenshot("demo-tapped-out");
    }

    @Test
    void typingOnTheSessionReachesTheDesktopAsKeysyms(FxRobot robot) throws Exception {
        EndpointPane cart1 = robot.lookup(".endpoint").nth(0).queryAs(EndpointPane.class);
        robot.clickOn("#badge-Nurse");
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.IN_SESSION && !cart1.locked());
        robot.clickOn(cart1.desktopView());
        robot.write("BP 120/80");
        EmbeddedDesktopPool host = (EmbeddedDesktopPool) world.desktops();
        waitFor(() -> host.desktop("nurse").orElseThrow().notes().equals("BP 120/80"));
        waitFor(() -> showsHostDesktop(cart1));
        screenshot("demo-typed");
    }

    @Test
    void aClickOnTheSessionReachesTheDesktopAtTheRightPixel(FxRobot robot) throws Exception {
        EndpointPane cart1 = robot.lookup(".endpoint").nth(0).queryAs(EndpointPane.class);
        robot.clickOn("#badge-Nurse");
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.IN_SESSION && !cart1.locked());
        waitFor(() -> showsHostDesktop(cart1));
        // the desktop is scaled to fit the pane: the view maps the click back to desktop pixels
        javafx.geometry.Point2D bed3 = WaitForAsyncUtils.asyncFx(() -> cart1.desktopView()
                .localToScreen(cart1.desktopView().fromFramebuffer(100, 44 + 60 - 18 + 2 * 66 + 27))).get(5, TimeUnit.SECONDS);
        robot.clickOn(bed3.getX(), bed3.getY());
        EmbeddedDesktopPool host = (EmbeddedDesktopPool) world.desktops();
        waitFor(() -> host.desktop("nurse").orElseThrow().selectedBed() == 2);
        waitFor(() -> showsHostDesktop(cart1));
        screenshot("demo-clicked");
    }

    @Test
    void theOnScreenKeyboardTypesOnTheDesktop(FxRobot robot) throws Exception {
        EndpointPane cart1 = robot.lookup(".endpoint").nth(0).queryAs(EndpointPane.class);
        robot.clickOn("#badge-Nurse");
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.IN_SESSION && !cart1.locked());
        robot.clickOn(robot.lookup("#session-menu").nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn("On-screen keyboard");
        robot.clickOn(robot.lookup("#osk-b").nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn(robot.lookup("⇧").nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn(robot.lookup("#osk-p").nth(0).queryAs(javafx.scene.Node.class));
        EmbeddedDesktopPool host = (EmbeddedDesktopPool) world.desktops();
        waitFor(() -> host.desktop("nurse").orElseThrow().notes().equals("bP"));
        waitFor(() -> showsHostDesktop(cart1));
        screenshot("demo-keyboard");
    }

    @Test
    void theDoctorsFirstTapAsksForHisPinAndAWrongOneSaysHowManyAttemptsAreLeft(FxRobot robot) throws Exception {
        EndpointPane cart1 = robot.lookup(".endpoint").nth(0).queryAs(EndpointPane.class);
        robot.clickOn("#badge-Doctor");
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.PIN_REQUIRED && cart1.pinPadShown());
        assertThat(robot.lookup("Enter your PIN, Dr. Louis Martin").tryQuery()).isPresent();
        for (String d : new String[] {"1", "1", "1", "1"}) robot.clickOn(robot.lookup("#pin-" + d).nth(0).queryAs(javafx.scene.Node.class));
        assertThat(robot.lookup("#pin-dots").queryAs(javafx.scene.control.Label.class).getText()).isEqualTo("●●●●");
        robot.clickOn(robot.lookup("#pin-ok").nth(0).queryAs(javafx.scene.Node.class));
        waitFor(() -> robot.lookup("Wrong PIN: 4 attempts left").tryQuery().isPresent());
        screenshot("pin-pad");
        for (char d : DemoWorld.DOCTOR_PIN.toCharArray()) robot.clickOn(robot.lookup("#pin-" + d).nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn(robot.lookup("#pin-ok").nth(0).queryAs(javafx.scene.Node.class));
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.IN_SESSION && !cart1.locked()
                && !cart1.pinPadShown());
        waitFor(() -> showsHostDesktop(cart1, "doctor"));
    }

    @Test
    void aForgottenBadgeSignsInWithThePassword(FxRobot robot) throws Exception {
        EndpointPane cart1 = robot.lookup(".endpoint").nth(0).queryAs(EndpointPane.class);
        robot.clickOn(robot.lookup("#login-open").nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn(robot.lookup("#login-user").nth(0).queryAs(javafx.scene.Node.class)).write("doctor");
        robot.clickOn(robot.lookup("#login-password").nth(0).queryAs(javafx.scene.Node.class)).write("not-it");
        robot.type(javafx.scene.input.KeyCode.ENTER);
        waitFor(() -> WaitForAsyncUtils.asyncFx(() -> cart1.lockView().reasonText()).get().startsWith("Wrong user id or password"));
        screenshot("lock-wrong-password");
        robot.clickOn(robot.lookup("#login-open").nth(0).queryAs(javafx.scene.Node.class));
        robot.clickOn(robot.lookup("#login-user").nth(0).queryAs(javafx.scene.Node.class)).write("doctor");
        robot.clickOn(robot.lookup("#login-password").nth(0).queryAs(javafx.scene.Node.class)).write(DemoWorld.DOCTOR_PASSWORD);
        robot.clickOn(robot.lookup("#login-sign-in").nth(0).queryAs(javafx.scene.Node.class));
        waitFor(() -> world.endpoint("cart-1").roaming().state() == RoamingState.IN_SESSION && !cart1.locked());
        waitFor(() -> showsHostDesktop(cart1, "doctor"));
    }

    /** The pixels painted in the view equal the desktop host's own rendering. */
    private boolean showsHostDesktop(EndpointPane pane) throws Exception {
        return showsHostDesktop(pane, "nurse");
    }

    private boolean showsHostDesktop(EndpointPane pane, String user) throws Exception {
        Image img = WaitForAsyncUtils.asyncFx(() -> pane.desktopView().image()).get(5, TimeUnit.SECONDS);
        if (img == null) return false;
        DesktopPool.Snapshot s = world.desktops().snapshot(user).orElseThrow();
        if ((int) img.getWidth() != s.width() || (int) img.getHeight() != s.height()) return false;
        PixelReader r = img.getPixelReader();
        for (int y = 0; y < s.height(); y += 7) {
            for (int x = 0; x < s.width(); x += 5) {
                if (r.getArgb(x, y) != s.pixels()[y * s.width() + x]) return false;
            }
        }
        return true;
    }

    private void screenshot(String name) throws Exception {
        org.rounds.client.ui.Screenshots.save(scene, name);
    }

    private static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }
}
