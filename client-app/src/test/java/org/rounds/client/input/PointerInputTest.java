package org.rounds.client.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.PickResult;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rounds.client.ui.FramebufferView;
import org.rounds.display.Framebuffer;
import org.rounds.testpeers.Await;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Mouse, wheel and touch on a view showing a 1024x640 desktop at half size: what the desktop receives. */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
class PointerInputTest {
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private FramebufferView view;

    @Start
    void start(Stage stage) {
        view = new FramebufferView();
        javafx.scene.layout.StackPane root = new javafx.scene.layout.StackPane(view);   // the view fills 512x320
        stage.setScene(new Scene(root, 512, 320));
        stage.show();
        view.show(new Framebuffer(1024, 640));
        PointerInput.attach(view, (x, y, mask) -> sent.add(x + "," + y + " " + mask));
    }

    private void fire(Event e) throws Exception {
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.image() != null);
        WaitForAsyncUtils.asyncFx(() -> Event.fireEvent(view, e)).get(5, TimeUnit.SECONDS);
    }

    private MouseEvent mouse(javafx.event.EventType<MouseEvent> type, double x, double y, MouseButton button,
                             boolean primary, boolean secondary, boolean synthesized) {
        return new MouseEvent(type, x, y, x, y, button, 1, false, false, false, false, primary, false, secondary,
                synthesized, false, false, new PickResult(view, x, y));
    }

    @Test
    void mouseButtonsAndMovesArriveInDesktopPixels() throws Exception {
        fire(mouse(MouseEvent.MOUSE_MOVED, 50, 100, MouseButton.NONE, false, false, false));
        fire(mouse(MouseEvent.MOUSE_PRESSED, 50, 100, MouseButton.SECONDARY, false, true, false));
        fire(mouse(MouseEvent.MOUSE_RELEASED, 50, 100, MouseButton.SECONDARY, false, false, false));
        fire(mouse(MouseEvent.MOUSE_DRAGGED, 600, 400, MouseButton.PRIMARY, true, false, false));
        assertThat(sent).containsExactly("100,200 0", "100,200 4", "100,200 0", "1023,639 1");
    }

    @Test
    void wheelNotchesAreButtonsFourToSeven() throws Exception {
        fire(scroll(0, 40));
        fire(scroll(0, -80));
        fire(scroll(-40, 0));
        assertThat(sent).containsExactly("20,20 8", "20,20 0", "20,20 16", "20,20 0", "20,20 16", "20,20 0",
                "20,20 64", "20,20 0");   // up; down twice; left
    }

    @Test
    void aTouchTapIsALeftClickAndALongPressARightClick() throws Exception {
        fire(mouse(MouseEvent.MOUSE_PRESSED, 50, 100, MouseButton.PRIMARY, true, false, true));
        fire(mouse(MouseEvent.MOUSE_RELEASED, 50, 100, MouseButton.PRIMARY, false, false, true));
        assertThat(sent).containsExactly("100,200 1", "100,200 0");
        sent.clear();

        fire(mouse(MouseEvent.MOUSE_PRESSED, 50, 100, MouseButton.PRIMARY, true, false, true));
        Await.until(java.time.Duration.ofMillis((long) PointerInput.LONG_PRESS.toMillis() + 5000),
                "the press held still to become a right click", () -> sent.size() >= 2);
        fire(mouse(MouseEvent.MOUSE_RELEASED, 52, 101, MouseButton.PRIMARY, false, false, true));
        assertThat(sent).containsExactly("100,200 4", "100,200 0");
    }

    @Test
    void aTouchDragHoldsTheLeftButtonAndAPinchOnlyZoomsLocally() throws Exception {
        fire(mouse(MouseEvent.MOUSE_PRESSED, 50, 100, MouseButton.PRIMARY, true, false, true));
        fire(mouse(MouseEvent.MOUSE_DRAGGED, 53, 100, MouseButton.PRIMARY, true, false, true));   // a wobble
        fire(mouse(MouseEvent.MOUSE_DRAGGED, 100, 100, MouseButton.PRIMARY, true, false, true));
        fire(mouse(MouseEvent.MOUSE_RELEASED, 100, 100, MouseButton.PRIMARY, false, false, true));
        assertThat(sent).containsExactly("100,200 1", "200,200 1", "200,200 0");
        sent.clear();

        fire(new ZoomEvent(ZoomEvent.ZOOM, 256, 160, 256, 160, false, false, false, false, true, false, 2.0, 2.0,
                new PickResult(view, 256, 160)));
        assertThat(view.zoom()).isEqualTo(2.0);
        assertThat(sent).isEmpty();
    }

    private ScrollEvent scroll(double dx, double dy) {
        return new ScrollEvent(ScrollEvent.SCROLL, 10, 10, 10, 10, false, false, false, false, false, false,
                dx, dy, dx, dy, ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0,
                0, new PickResult(view, 10, 10));
    }
}
