package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.input.KeyCode;
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
import org.rounds.device.wedge.WedgeConfig;
import org.rounds.host.EmbeddedDesktopPool;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;
import org.rounds.testpeers.Await;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A burst of keys that looks like a badge, typed into the endpoint window during the nurse's
 * session: a tap only where a keyboard-wedge reader is configured; elsewhere (a USB keystroke
 * injector) ordinary keys for the desktop. The nurse's second badge is all digits so that the
 * robot types it without Shift.
 */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
@ResourceLock("javafx")   // one FX toolkit and TestFX primary stage per JVM: window tests take turns
class WedgeWindowTest {
    private static final String BADGE = "0012345678";
    /** The robot's rhythm is the machine's load's, not a reader's: any rhythm is even enough here. */
    private static final WedgeConfig ANY_RHYTHM = new WedgeConfig(6, 32, Duration.ofSeconds(2), 100.0, "", "");

    private DemoWorld world;
    private DemoEndpoint cart;
    private Stage stage;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        world = DemoWorld.start(Map.of("cart-1", "cart"));
        world.broker().enroll("nurse", DemoBadge.NURSE.displayName(), BADGE);
        cart = world.endpoint("cart-1");
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(5, TimeUnit.SECONDS);
        world.close();
    }

    @Test
    void withNoWedgeReaderABadgeLikeBurstIsTypedIntoTheDesktopAndTapsNothing(FxRobot robot) throws Exception {
        EndpointPane pane = showInSession(robot, Optional.empty());
        robot.write(BADGE).type(KeyCode.ENTER);

        Await.until(Duration.ofSeconds(10), () -> "the burst in the nurse's notes: '" + notes() + "'",
                () -> notes().contains(BADGE + "\n"));
        assertThat(heard).as("what the state machine heard").isEmpty();
        assertThat(cart.roaming().state()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(pane.locked()).isFalse();
    }

    @Test
    void withAWedgeReaderConfiguredTheSameBurstIsTheNursesTapAndLocks(FxRobot robot) throws Exception {
        EndpointPane pane = showInSession(robot, Optional.of(ANY_RHYTHM));
        robot.write(BADGE).type(KeyCode.ENTER);

        Await.until(Duration.ofSeconds(10), () -> "the tap-out, heard " + heard,
                () -> cart.roaming().state() == RoamingState.LOCKED);
        assertThat(heard).anyMatch(h -> h.endsWith("->LOCKED"));
        assertThat(notes()).doesNotContain(BADGE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, pane::locked);
    }

    /** The cart's window, the nurse signed in by her badge, the keyboard focus on her desktop; then the state machine is listened to. */
    private EndpointPane showInSession(FxRobot robot, Optional<WedgeConfig> wedge) throws Exception {
        EndpointPane pane = WaitForAsyncUtils.asyncFx(() -> {
            EndpointPane p = new EndpointPane(cart.parts(), Messages.of("en"), wedge, KeyboardLayout.QWERTY);
            Scene scene = new Scene(p, 1100, 720);
            scene.getStylesheets().add(Objects.requireNonNull(getClass().getResource("/org/rounds/client/ui/rounds.css")).toExternalForm());
            stage.setScene(scene);
            stage.show();
            return p;
        }).get(5, TimeUnit.SECONDS);
        NurseSignIn.on(cart);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !pane.locked());
        robot.clickOn(pane.desktopView());
        cart.roaming().addListener(new StateListener() {
            @Override public void transitioned(Transition t) { heard.add(t.from() + "->" + t.to()); }

            @Override public void tapIgnored(Reason reason, Instant at) { heard.add("ignored " + reason.kind()); }
        });
        return pane;
    }

    private String notes() {
        return ((EmbeddedDesktopPool) world.desktops()).desktop("nurse").map(d -> d.notes()).orElse("");
    }
}
