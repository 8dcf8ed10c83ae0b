package org.rounds.client.input;

import javafx.animation.PauseTransition;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.input.ZoomEvent;
import javafx.util.Duration;
import org.rounds.client.ui.FramebufferView;

/**
 * Mouse, wheel and touch on the session view, as RFB pointer events in desktop coordinates.
 *
 * <ul>
 *   <li>Mouse: every button (RFB mask bits 0 left, 1 middle, 2 right) and moves; the wheel and
 *       two-finger scrolls as buttons 4/5 (vertical) and 6/7 (horizontal), one click per notch.
 *   <li>Touch (mouse events JavaFX makes from touches): a tap is a left click, a drag moves with
 *       the left button held, a press held still for {@link #LONG_PRESS} is a right click.
 *   <li>Pinch zooms the view locally; nothing is sent.
 * </ul>
 */
public final class PointerInput {
    /** How long a finger rests for a right click, as on tablets. */
    public static final Duration LONG_PRESS = Duration.millis(600);
    private static final double TOUCH_SLOP = 10;   // px a resting finger may wobble
    private static final double NOTCH = 40;        // px of scroll per wheel click

    /** Where pointer events go (the display session); x, y in desktop pixels. */
    @FunctionalInterface
    public interface Sink {
        void pointer(int x, int y, int buttonMask);
    }

    private final FramebufferView view;
    private final Sink sink;
    private final PauseTransition longPress = new PauseTransition(LONG_PRESS);
    private double touchX, touchY, scrollX, scrollY;
    private boolean touchDown, touchDragging, longPressed;

    private PointerInput(FramebufferView view, Sink sink) {
        this.view = view;
        this.sink = sink;
        longPress.setOnFinished(e -> {
            if (!touchDown || touchDragging) return;
            longPressed = true;
            click(touchX, touchY, 4);
        });
    }

    /** Sends {@code view}'s pointer input to {@code sink}. */
    public static PointerInput attach(FramebufferView view, Sink sink) {
        PointerInput in = new PointerInput(view, sink);
        view.addEventHandler(MouseEvent.ANY, in::mouse);
        view.addEventHandler(ScrollEvent.SCROLL, in::scroll);
        view.addEventHandler(ZoomEvent.ZOOM, e -> view.zoomBy(e.getZoomFactor()));
        return in;
    }

    private void mouse(MouseEvent e) {
        if (e.getEventType() == MouseEvent.MOUSE_CLICKED || e.getEventType() == MouseEvent.DRAG_DETECTED) return;
        if (e.isSynthesized()) {
            touch(e);
            return;
        }
        send(e.getX(), e.getY(), mask(e));
    }

    private void touch(MouseEvent e) {
        if (e.getEventType() == MouseEvent.MOUSE_PRESSED) {
            touchDown = true;
            touchDragging = false;
            longPressed = false;
            touchX = e.getX();
            touchY = e.getY();
            longPress.playFromStart();
        } else if (e.getEventType() == MouseEvent.MOUSE_DRAGGED && touchDown && !longPressed) {
            if (!touchDragging && Math.hypot(e.getX() - touchX, e.getY() - touchY) > TOUCH_SLOP) {
                touchDragging = true;
                longPress.stop();
                send(touchX, touchY, 1);
            }
            if (touchDragging) send(e.getX(), e.getY(), 1);
        } else if (e.getEventType() == MouseEvent.MOUSE_RELEASED && touchDown) {
            touchDown = false;
            longPress.stop();
            if (touchDragging) {
                send(e.getX(), e.getY(), 0);
            } else if (!longPressed) {
                click(touchX, touchY, 1);   // a tap
            }
        }
    }

    private void scroll(ScrollEvent e) {
        scrollX += e.getDeltaX();
        scrollY += e.getDeltaY();
        // JavaFX reports a wheel notch as 40 px (its default multiplier); fingers and touchpads as pixels
        while (Math.abs(scrollY) >= NOTCH) {
            click(e.getX(), e.getY(), scrollY > 0 ? 1 << 3 : 1 << 4);
            scrollY -= Math.signum(scrollY) * NOTCH;
        }
        while (Math.abs(scrollX) >= NOTCH) {
            click(e.getX(), e.getY(), scrollX > 0 ? 1 << 5 : 1 << 6);
            scrollX -= Math.signum(scrollX) * NOTCH;
        }
        e.consume();
    }

    private void click(double x, double y, int button) {
        send(x, y, button);
        send(x, y, 0);
    }

    private void send(double x, double y, int mask) {
        view.toFramebuffer(x, y).ifPresent(p -> sink.pointer(p[0], p[1], mask));
    }

    private static int mask(MouseEvent e) {
        return (e.isPrimaryButtonDown() ? 1 : 0) | (e.isMiddleButtonDown() ? 2 : 0) | (e.isSecondaryButtonDown() ? 4 : 0);
    }
}
