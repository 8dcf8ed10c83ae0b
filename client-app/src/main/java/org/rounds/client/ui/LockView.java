package org.rounds.client.ui;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.rounds.roaming.session.Reason;

/**
 * The lock screen: a clock, the endpoint's name and location, "Tap your badge", and why the
 * endpoint last locked ("Session moved to cart-2"), in the endpoint's language.
 */
public final class LockView extends VBox {
    private final Messages messages;
    private final Clock clock;
    private final Label time = new Label();
    private final Label date = new Label();
    private final Label reason = new Label();
    private final DateTimeFormatter timeFormat = DateTimeFormatter.ofPattern("HH:mm");
    private final DateTimeFormatter dateFormat;

    public LockView(String endpointName, String location, Messages messages, Clock clock) {
        super(10);
        this.messages = messages;
        this.clock = clock;
        this.dateFormat = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(messages.locale());
        time.getStyleClass().add("lock-clock");
        date.getStyleClass().add("lock-date");
        Label tap = new Label(messages.text("lock.tap"));
        tap.getStyleClass().add("lock-title");
        Label where = new Label(location.isEmpty() ? endpointName : endpointName + " · " + location);
        where.getStyleClass().add("lock-where");
        reason.getStyleClass().add("lock-reason");
        getChildren().addAll(time, date, tap, reason, where);
        setAlignment(Pos.CENTER);
        getStyleClass().add("lock-screen");
        tick();
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    /** Shows why the endpoint locked (FX thread); nothing for a first start. */
    public void showReason(Reason why, java.time.Instant at) {
        reason.setText(messages.reason(why) + " — " + messages.text("lock.lockedAt",
                timeFormat.format(at.atZone(ZoneId.systemDefault()))));
    }

    /** Shows a one-line notice, e.g. a refused tap while locked (FX thread). */
    public void showNotice(String text) {
        reason.setText(text);
    }

    /** The reason line now shown, for tests. */
    public String reasonText() { return reason.getText(); }

    private void tick() {
        var now = clock.instant().atZone(ZoneId.systemDefault());
        time.setText(timeFormat.format(now));
        date.setText(dateFormat.format(now));
    }
}
