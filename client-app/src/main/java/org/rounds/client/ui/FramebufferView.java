package org.rounds.client.ui;

import java.nio.IntBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.animation.AnimationTimer;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import org.rounds.display.Framebuffer;

/**
 * Shows a {@link Framebuffer} without copying it: a {@link PixelBuffer} wraps the decoder's
 * own {@code int[]}, and damage is coalesced to at most one texture update per pulse.
 * Scales to fit, keeping the aspect ratio.
 */
public final class FramebufferView extends Region {
    private final ImageView image = new ImageView();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean rebuild = new AtomicBoolean();
    private final Framebuffer.DamageListener damage = new Framebuffer.DamageListener() {
        @Override public void damaged(int x, int y, int w, int h) { dirty.set(true); }
        @Override public void resized(int w, int h) { rebuild.set(true); }
    };
    private final AnimationTimer pulse = new AnimationTimer() {
        @Override public void handle(long now) { onPulse(); }
    };
    private Framebuffer shown;
    private PixelBuffer<IntBuffer> buffer;

    public FramebufferView() {
        image.setPreserveRatio(true);
        image.setSmooth(true);
        getChildren().add(image);
        getStyleClass().add("framebuffer-view");
    }

    /** Starts showing {@code framebuffer} (FX thread). */
    public void show(Framebuffer framebuffer) {
        if (framebuffer == shown) return;
        detach();
        shown = framebuffer;
        framebuffer.addDamageListener(damage);
        rebuild.set(true);
        pulse.start();
    }

    /** Shows nothing: the image is dropped at once, not at the next pulse (FX thread). */
    public void blank() {
        detach();
        image.setImage(null);
    }

    private void detach() {
        pulse.stop();
        if (shown != null) shown.removeDamageListener(damage);
        shown = null;
        buffer = null;
    }

    private void onPulse() {
        Framebuffer fb = shown;
        if (fb == null) return;
        if (rebuild.getAndSet(false) || buffer == null) {
            buffer = new PixelBuffer<>(fb.width(), fb.height(), IntBuffer.wrap(fb.pixels()),
                    PixelFormat.getIntArgbPreInstance());
            image.setImage(new WritableImage(buffer));
            dirty.set(false);
            requestLayout();
        } else if (dirty.getAndSet(false)) {
            buffer.updateBuffer(b -> null); // whole image: damage is coalesced per pulse
        }
    }

    @Override
    protected void layoutChildren() {
        image.setFitWidth(getWidth());
        image.setFitHeight(getHeight());
        double w = image.prefWidth(-1), h = image.prefHeight(-1);
        image.relocate((getWidth() - w) / 2, (getHeight() - h) / 2);
    }

    /** The image on screen now, or null (FX thread). */
    public javafx.scene.image.Image image() { return image.getImage(); }

    /** The framebuffer being shown, or null. */
    public Framebuffer shown() { return shown; }
}
