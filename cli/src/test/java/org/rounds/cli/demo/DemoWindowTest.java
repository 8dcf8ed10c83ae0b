package org.rounds.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.client.ui.EndpointPane;
import org.rounds.roaming.session.RoamingState;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The demo window: a tap shows the desktop, input reaches it, a tap-out blanks it. */
@Tag("unit")
@ResourceLock("javafx")   // one FX toolkit and TestFX primary stage per JVM: window tests take turns
class DemoWindowTest extends DemoWindowFixture {
    @Start
    void start(Stage stage) {
        open(stage);
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
        // The 100 ms of the safety rule is measured by `rounds demo --headless` (tap-out ms), not here.
        waitFor(() -> cart1.locked() && cart1.desktopView().shown() == null);
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
}
