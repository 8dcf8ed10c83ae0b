package org.rounds.client.demo;

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
import org.rounds.client.ui.EndpointPane;
import org.rounds.client.ui.FxThread;
import org.rounds.client.ui.Messages;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.StateListener;
import org.rounds.roaming.session.Transition;

/**
 * The demo's window: the endpoints side by side, and below them a badge panel (choose an
 * endpoint, tap a badge on it) and a live event log with timings.
 */
public final class DemoWindow {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());
    private static final int LOG_LINES = 200;

    private final BorderPane root = new BorderPane();
    private final ListView<String> log = new ListView<>();
    private final ToggleGroup target = new ToggleGroup();

    public DemoWindow(DemoWorld world, Messages messages) {
        HBox endpoints = new HBox(12);
        endpoints.setPadding(new Insets(12));
        for (DemoEndpoint e : world.endpoints()) {
            EndpointPane pane = new EndpointPane(e.roaming().profile(), e.roaming(), e.display(), messages,
                    java.time.Clock.systemDefaultZone());
            pane.showBrokers(e.broker()::statuses);
            HBox.setHgrow(pane, Priority.ALWAYS);
            pane.setPrefWidth(1); // equal preferred widths: the endpoints share the window equally
            pane.setMaxWidth(Double.MAX_VALUE);
            endpoints.getChildren().add(pane);
            e.roaming().addListener(logTo(e.id()));
        }
        root.setCenter(endpoints);
        root.setBottom(new HBox(12, badgePanel(world), logPanel()));
        root.getStyleClass().add("demo");
    }

    public Parent root() { return root; }

    private VBox badgePanel(DemoWorld world) {
        Label title = new Label("Badge panel");
        title.getStyleClass().add("panel-title");
        HBox choose = new HBox(8, new Label("Tap on:"));
        choose.setAlignment(Pos.CENTER_LEFT);
        for (DemoEndpoint e : world.endpoints()) {
            RadioButton r = new RadioButton(e.id());
            r.setUserData(e);
            r.setToggleGroup(target);
            if (target.getSelectedToggle() == null) r.setSelected(true);
            choose.getChildren().add(r);
        }
        HBox badges = new HBox(8);
        for (DemoBadge b : DemoBadge.ALL) {
            Button tap = new Button(b.label() + (b.userId().isPresent() ? " (" + b.displayName() + ")" : ""));
            tap.getStyleClass().add("badge-button");
            tap.setId("badge-" + b.label().replace(' ', '-'));
            tap.setOnAction(a -> {
                DemoEndpoint e = (DemoEndpoint) target.getSelectedToggle().getUserData();
                append(e.id() + ": " + b.label() + " badge tapped");
                e.tap(b);
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
