package org.rounds.client.ui;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import java.util.List;
import java.util.function.Consumer;
import org.rounds.client.endpoint.Endpoint;
import org.rounds.device.wedge.KeyboardLayout;
import java.util.Optional;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;

/**
 * Several endpoints in one window, side by side (the demo's): below them a badge panel (choose an
 * endpoint, tap a badge on it) and a live event log with timings.
 */
public final class SideBySideWindow {
    /** A button of the badge panel: {@code label} names the badge in the log, {@code tap} taps it on the chosen endpoint. */
    public record BadgeButton(String label, String text, String id, Consumer<Endpoint> tap) {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int LOG_LINES = 200;

    private final BorderPane root = new BorderPane();
    private final ListView<String> log = new ListView<>();
    private final ToggleGroup target = new ToggleGroup();

    public SideBySideWindow(List<Endpoint> all, List<BadgeButton> buttons, Messages messages) {
        HBox endpoints = new HBox(12);
        endpoints.setPadding(new Insets(12));
        for (Endpoint e : all) {
            // the demo's endpoints have no keyboard-wedge reader: badges come from the badge buttons
            EndpointPane pane = new EndpointPane(e, messages, Optional.empty(), KeyboardLayout.QWERTY);
            pane.showBrokers(e.broker()::statuses);
            HBox.setHgrow(pane, Priority.ALWAYS);
            pane.setPrefWidth(1); // equal preferred widths: the endpoints share the window equally
            pane.setMaxWidth(Double.MAX_VALUE);
            endpoints.getChildren().add(pane);
            e.roaming().addListener(logTo(e.id()));
        }
        root.setCenter(endpoints);
        root.setBottom(new HBox(12, badgePanel(all, buttons), logPanel()));
        root.getStyleClass().add("demo");
    }

    public Parent root() { return root; }

    private VBox badgePanel(List<Endpoint> all, List<BadgeButton> buttons) {
        Label title = new Label("Badge panel");
        title.getStyleClass().add("panel-title");
        HBox choose = new HBox(8, new Label("Tap on:"));
        choose.setAlignment(Pos.CENTER_LEFT);
        for (Endpoint e : all) {
            RadioButton r = new RadioButton(e.id());
            r.setUserData(e);
            r.setToggleGroup(target);
            if (target.getSelectedToggle() == null) r.setSelected(true);
            choose.getChildren().add(r);
        }
        HBox badges = new HBox(8);
        for (BadgeButton b : buttons) {
            Button tap = new Button(b.text());
            tap.getStyleClass().add("badge-button");
            tap.setId(b.id());
            tap.setOnAction(a -> {
                Endpoint e = (Endpoint) target.getSelectedToggle().getUserData();
                append(e.id() + ": " + b.label() + " badge tapped");
                b.tap().accept(e);
            });
            badges.getChildren().add(tap);
        }
        VBox panel = new VBox(8, title, choose, badges);
        panel.setPadding(new Insets(12));
        panel.getStyleClass().add("badge-panel");
        return panel;
    }

    private VBox logPanel() {
        Label title = new Label("Event log");
        title.getStyleClass().add("panel-title");
        log.setPrefHeight(140);
        VBox panel = new VBox(6, title, log);
        panel.setPadding(new Insets(12));
        HBox.setHgrow(panel, Priority.ALWAYS);
        return panel;
    }

    private StateListener logTo(String endpoint) {
        return new StateListener() {
            private Instant since = Instant.now();
            @Override public void transitioned(Transition t) {
                long ms = java.time.Duration.between(since, t.at()).toMillis();
                since = t.at();
                String user = t.userId().map(u -> " user " + u).orElse("");
                FxThread.run(() -> append(endpoint + ": " + t.from() + " → " + t.to() + user
                        + " (" + t.reason() + ", +" + ms + " ms)"));
            }
            @Override public void tapIgnored(Reason reason, Instant at) {
                FxThread.run(() -> append(endpoint + ": " + reason));
            }
        };
    }

    private void append(String line) {
        log.getItems().add(TIME.format(Instant.now()) + "  " + line);
        if (log.getItems().size() > LOG_LINES) log.getItems().remove(0);
        log.scrollTo(log.getItems().size() - 1);
    }
}
