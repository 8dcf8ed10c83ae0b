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
 * endpoint last locked ("Session moved to cart-2"), in the endpoint's language. Every text follows
 * a change of language at once: the fixed ones are bound, the composed ones re-rendered.
 */
public final class LockView extends VBox {
    private final Language language;
    private final Clock clock;
    private final Label time = new Label();
    private final Label date = new Label();
    private final Label reason = new Label();
    private final Label brokers = new Label();
    /** While reconnecting: the notice's text and when the endpoint gives up (null: no countdown). */
    private String countdownText;
    private java.time.Instant countdownUntil;
    /** The reason line as last asked for, rendered again in a new language (none while counting down). */
    private java.util.function.Function<Messages, String> reasonLine = m -> "";
    private java.util.List<org.rounds.roaming.client.BrokerStatus> brokerStatuses = java.util.List.of();
    private final DateTimeFormatter timeFormat = DateTimeFormatter.ofPattern("HH:mm");
    private DateTimeFormatter dateFormat;

    public LockView(String endpointName, String location, Messages messages, Clock clock) {
        this(endpointName, location, new Language(messages), clock);
    }

    public LockView(String endpointName, String location, Language language, Clock clock) {
        super(10);
        this.language = language;
        this.clock = clock;
        this.dateFormat = dateFormat(language.locale());
        time.getStyleClass().add("lock-clock");
        date.getStyleClass().add("lock-date");
        Label tap = new Label();
        tap.textProperty().bind(language.text("lock.tap"));
        tap.setId("lock-tap");
        tap.getStyleClass().add("lock-title");
        Label where = new Label(location.isEmpty() ? endpointName : endpointName + " · " + location);
        where.getStyleClass().add("lock-where");
        reason.getStyleClass().add("lock-reason");
        reason.setId("lock-reason");
        brokers.getStyleClass().add("lock-where");
        brokers.setId("lock-brokers");
        getChildren().addAll(time, date, tap, reason, where, brokers);
        setAlignment(Pos.CENTER);
        getStyleClass().add("lock-screen");
        tick();
        language.messagesProperty().addListener((o, was, is) -> relabel(is));
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    /** Shows why the endpoint locked (FX thread); nothing for a first start. */
    public void showReason(Reason why, java.time.Instant at) {
        String lockedAt = timeFormat.format(at.atZone(ZoneId.systemDefault()));
        showLine(m -> m.reason(why) + " — " + m.text("lock.lockedAt", lockedAt));
    }

    /** Shows a one-line notice, e.g. a refused tap while locked (FX thread). */
    public void showNotice(String text) {
        showLine(m -> text);
    }

    /** Shows a one-line notice in the language in force, and in the next one after a change (FX thread). */
    void showLine(java.util.function.Function<Messages, String> line) {
        countdownUntil = null;
        reasonLine = line;
        reason.setText(line.apply(language.messages()));
    }

    /**
     * Shows a notice with the seconds left until {@code until}, counting down each second, e.g.
     * "Reconnecting to your desktop… (gives up in 2:54)" (FX thread).
     */
    public void showCountdown(String text, java.time.Instant until) {
        countdownText = text;
        countdownUntil = until;
        tick();
    }

    /**
     * The brokers as this endpoint sees them, e.g. "Brokers: broker-a ✓ (in use) · broker-b ✗"
     * (FX thread); empty hides the line.
     */
    public void showBrokers(java.util.List<org.rounds.roaming.client.BrokerStatus> statuses) {
        brokerStatuses = java.util.List.copyOf(statuses);
        if (statuses.isEmpty()) {
            brokers.setText("");
            return;
        }
        Messages messages = language.messages();
        StringBuilder b = new StringBuilder(messages.text("lock.brokers"));
        for (int i = 0; i < statuses.size(); i++) {
            var s = statuses.get(i);
            b.append(i == 0 ? " " : " · ").append(hostOf(s.url())).append(s.up() ? " ✓" : " ✗");
            if (s.current()) b.append(' ').append(messages.text("lock.brokerInUse"));
        }
        brokers.setText(b.toString());
    }

    private static String hostOf(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** The brokers line now shown, for tests. */
    public String brokersText() { return brokers.getText(); }

    /** The reason line now shown, for tests. */
    public String reasonText() { return reason.getText(); }

    private void relabel(Messages now) {
        dateFormat = dateFormat(now.locale());
        if (countdownUntil == null) reason.setText(reasonLine.apply(now));
        showBrokers(brokerStatuses);
        tick();
    }

    private static DateTimeFormatter dateFormat(java.util.Locale locale) {
        return DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale);
    }

    private void tick() {
        var now = clock.instant().atZone(ZoneId.systemDefault());
        time.setText(timeFormat.format(now));
        date.setText(dateFormat.format(now));
        if (countdownUntil != null) {
            long left = Math.max(0, java.time.Duration.between(clock.instant(), countdownUntil).toSeconds());
            reason.setText(language.messages().text("lock.countdown", countdownText, String.format("%d:%02d", left / 60, left % 60)));
        }
    }
}
