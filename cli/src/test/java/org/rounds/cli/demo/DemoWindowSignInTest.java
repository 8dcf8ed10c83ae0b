package org.rounds.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.rounds.client.ui.EndpointPane;
import org.rounds.roaming.session.RoamingState;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The demo window: the doctor's PIN pad and the password sign-in for a forgotten badge. */
@Tag("unit")
@ResourceLock("javafx")   // one FX toolkit and TestFX primary stage per JVM: window tests take turns
class DemoWindowSignInTest extends DemoWindowFixture {
    @Start
    void start(Stage stage) {
        open(stage);
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
}
