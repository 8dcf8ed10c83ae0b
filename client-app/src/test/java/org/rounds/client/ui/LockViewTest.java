package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rounds.roaming.session.Reason;
import org.rounds.testpeers.Await;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The lock screen as a clinician reads it, in English and in French. */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
class LockViewTest {
    private static final Instant AT = LocalDateTime.of(2026, 11, 23, 14, 5).atZone(ZoneId.systemDefault()).toInstant();
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private LockView show(String language) throws Exception {
        return show(language, Clock.fixed(AT, ZoneId.systemDefault()));
    }

    private LockView show(String language, Clock clock) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            LockView v = new LockView("cart-12", "Ward 4, bed 12", Messages.of(language), clock);
            Scene scene = new Scene(v, 800, 500);
            scene.getStylesheets().add(Objects.requireNonNull(LockView.class.getResource("rounds.css")).toExternalForm());
            stage.setScene(scene);
            stage.show();
            return v;
        }).get(5, TimeUnit.SECONDS);
    }

    @Test
    void englishLockScreenSaysWhyItLocked(FxRobot robot) throws Exception {
        LockView v = show("en");
        WaitForAsyncUtils.asyncFx(() -> v.showReason(Reason.of(Reason.Kind.SESSION_MOVED, "cart-2"), AT)).get(5, TimeUnit.SECONDS);
        assertThat(texts(robot)).contains("14:05", "Tap your badge", "cart-12 · Ward 4, bed 12",
                "Session moved to cart-2 — Locked at 14:05");
        screenshot("lock-en");
    }

    @Test
    void frenchLockScreenSpeaksFrench(FxRobot robot) throws Exception {
        LockView v = show("fr");
        WaitForAsyncUtils.asyncFx(() -> v.showReason(Reason.of(Reason.Kind.SESSION_MOVED, "cart-2"), AT)).get(5, TimeUnit.SECONDS);
        assertThat(texts(robot)).contains("Présentez votre badge", "Session transférée vers cart-2 — Verrouillé à 14:05");
        assertThat(texts(robot)).anyMatch(t -> t.startsWith("lundi 23 novembre 2026"));
        screenshot("lock-fr");
    }

    @Test
    void brokersHealthAndTheReconnectCountdownAreShown(FxRobot robot) throws Exception {
        ReadCountingClock clock = new ReadCountingClock(Clock.fixed(AT, ZoneId.systemDefault()));
        LockView v = show("en", clock);
        WaitForAsyncUtils.asyncFx(() -> {
            v.showBrokers(java.util.List.of(
                    new org.rounds.roaming.client.BrokerStatus("https://broker-a.ward4:8443/", false, false),
                    new org.rounds.roaming.client.BrokerStatus("https://broker-b.ward4:8443/", true, true)));
            v.showCountdown(Messages.of("en").reason(Reason.of(Reason.Kind.RECONNECTING, "peer closed")), AT.plusSeconds(174));
        }).get(5, TimeUnit.SECONDS);
        assertThat(v.brokersText()).isEqualTo("Brokers: broker-a.ward4:8443 ✗ · broker-b.ward4:8443 ✓ (in use)");
        assertThat(v.reasonText()).isEqualTo("Reconnecting to your desktop… (gives up in 2:54)");
        screenshot("lock-reconnecting");
        WaitForAsyncUtils.asyncFx(() -> v.showNotice("Badge presented")).get(5, TimeUnit.SECONDS);
        // the ticker (once a second) no longer writes the countdown over a newer notice
        int readsBefore = clock.reads.get();
        Await.until(Duration.ofSeconds(5), "the lock screen's ticker to tick after the notice", () -> clock.reads.get() > readsBefore);
        assertThat(WaitForAsyncUtils.asyncFx(v::reasonText).get(5, TimeUnit.SECONDS)).isEqualTo("Badge presented");
    }

    @Test
    void everyReasonHasATextInBothLanguages() {
        for (String language : new String[] {"en", "fr"}) {
            Messages m = Messages.of(language);
            for (Reason.Kind k : Reason.Kind.values()) {
                assertThat(m.reason(Reason.of(k, "cart-2"))).as(language + " " + k).isNotBlank().doesNotContain("{0}");
            }
        }
        assertThat(Messages.of("fr").reason(Reason.of(Reason.Kind.UNKNOWN_BADGE))).isEqualTo("Ce badge n'est pas enregistré");
    }

    /** A clock that counts its readings: the lock screen reads it on every tick. */
    private static final class ReadCountingClock extends Clock {
        final AtomicInteger reads = new AtomicInteger();
        private final Clock clock;

        ReadCountingClock(Clock clock) { this.clock = clock; }

        @Override public ZoneId getZone() { return clock.getZone(); }

        @Override public Clock withZone(ZoneId zone) { return new ReadCountingClock(clock.withZone(zone)); }

        @Override public Instant instant() {
            reads.incrementAndGet();
            return clock.instant();
        }
    }

    private static java.util.List<String> texts(FxRobot robot) {
        return robot.lookup(n -> n instanceof Label).queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private void screenshot(String name) throws Exception {
        org.rounds.client.ui.Screenshots.save(stage.getScene(), name);
    }
}
