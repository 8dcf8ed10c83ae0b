package org.rounds.client.ui;

import javafx.application.Platform;

/** The one place where background events cross to the JavaFX thread. */
public final class FxThread {
    private FxThread() {}

    public static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) action.run();
        else Platform.runLater(action);
    }
}
