package org.rounds.cli.demo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rounds.broker.api.DesktopPool;
import org.rounds.client.ui.EndpointPane;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The demo window under Monocle, two carts side by side: what a user sees when badges are tapped.
 * Its tests are two classes (session input; sign-in) so that two test JVMs run them side by side.
 */
@ExtendWith(ApplicationExtension.class)
abstract class DemoWindowFixture {
    DemoWorld world;
    private Scene scene;

    /** Opens the window on {@code stage}; each test class calls it from its own @Start (TestFX reads only the class's own). */
    void open(Stage stage) {
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

    /** The pixels painted in the view equal the desktop host's own rendering. */
    boolean showsHostDesktop(EndpointPane pane) throws Exception {
        return showsHostDesktop(pane, "nurse");
    }

    boolean showsHostDesktop(EndpointPane pane, String user) throws Exception {
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

    void screenshot(String name) throws Exception {
        org.rounds.client.ui.Screenshots.save(scene, name);
    }

    static void waitFor(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition);
    }
}
