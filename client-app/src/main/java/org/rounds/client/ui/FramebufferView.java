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
 *
 * <p>{@link Scale#FIT} fills the view keeping the aspect ratio; {@link Scale#ONE_TO_ONE} maps
 * one desktop pixel to one device pixel, so on a HiDPI screen (output scale 2) the image is laid
 * out at half its size in layout units and drawn unscaled, without blur. A pinch zooms locally
 * on top of either. {@link #toFramebuffer} turns a point of the view into desktop coordinates
 * for pointer events. The server's cursor shape, when it sends one, replaces the local cursor.
 */
public final class FramebufferView extends Region {

    /** How the desktop is fitted into the view. */
    public enum Scale { FIT, ONE_TO_ONE }

    private Scale scale = Scale.FIT;
    private double zoom = 1;
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
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip); // a zoomed desktop stays inside the view
    }

    /** Fit or 1:1 (FX thread). */
    public void setScale(Scale scale) {
        this.scale = java.util.Objects.requireNonNull(scale);
        image.setSmooth(scale == Scale.FIT);
        requestLayout();
    }

    public Scale scale() { return scale; }

    /** Multiplies the local zoom (pinch), kept within 1..4 (FX thread). */
    public void zoomBy(double factor) {
        zoom = Math.max(1, Math.min(4, zoom * factor));
        requestLayout();
    }

    public double zoom() { return zoom; }

    /**
     * The desktop pixel under a point of this view, clamped to the desktop; empty when nothing is
     * shown (FX thread).
     */
    public java.util.Optional<int[]> toFramebuffer(double x, double y) {
        Framebuffer fb = shown;
        double w = image.getFitWidth(), h = image.getFitHeight();
        if (fb == null || image.getImage() == null || w <= 0 || h <= 0) return java.util.Optional.empty();
        double shownW = image.getLayoutBounds().getWidth(), shownH = image.getLayoutBounds().getHeight();
        int fx = (int) Math.floor((x - image.getLayoutX()) * fb.width() / shownW);
        int fy = (int) Math.floor((y - image.getLayoutY()) * fb.height() / shownH);
        return java.util.Optional.of(new int[] {Math.max(0, Math.min(fb.width() - 1, fx)), Math.max(0, Math.min(fb.height() - 1, fy))});
    }

    /** The point of this view showing the centre of desktop pixel (x, y) (FX thread; the inverse of {@link #toFramebuffer}). */
    public javafx.geometry.Point2D fromFramebuffer(int x, int y) {
        Framebuffer fb = java.util.Objects.requireNonNull(shown, "nothing shown");
        double sx = image.getLayoutBounds().getWidth() / fb.width(), sy = image.getLayoutBounds().getHeight() / fb.height();
        return new javafx.geometry.Point2D(image.getLayoutX() + (x + 0.5) * sx, image.getLayoutY() + (y + 0.5) * sy);
    }

    /**
     * Whether this platform draws image cursors. Monocle (headless tests, some embedded
     * kiosks) has no pointer and fails on the render thread when asked for one, so there the
     * local default stays.
     */
    private static final boolean IMAGE_CURSORS = !"Monocle".equalsIgnoreCase(System.getProperty("glass.platform", ""));

    /** Shows the server's pointer shape over the desktop, or the local pointer for null (FX thread). */
    public void showRemoteCursor(org.rounds.display.client.Cursor cursor) {
        if (cursor == null || cursor.width() == 0 || cursor.height() == 0 || !IMAGE_CURSORS) {
            setCursor(javafx.scene.Cursor.DEFAULT);
            return;
        }
        WritableImage img = new WritableImage(cursor.width(), cursor.height());
        img.getPixelWriter().setPixels(0, 0, cursor.width(), cursor.height(), PixelFormat.getIntArgbInstance(),
                cursor.argb(), 0, cursor.width());
        setCursor(new javafx.scene.ImageCursor(img, cursor.hotspotX(), cursor.hotspotY()));
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
        Framebuffer fb = shown;
        if (scale == Scale.ONE_TO_ONE && fb != null) {
            double outputScale = getScene() != null && getScene().getWindow() != null ? getScene().getWindow().getOutputScaleX() : 1;
            image.setFitWidth(fb.width() / outputScale * zoom);
            image.setFitHeight(fb.height() / outputScale * zoom);
        } else {
            image.setFitWidth(getWidth() * zoom);
            image.setFitHeight(getHeight() * zoom);
        }
        double w = image.prefWidth(-1), h = image.prefHeight(-1);
        image.relocate((getWidth() - w) / 2, (getHeight() - h) / 2);
    }

    /** The image on screen now, or null (FX thread). */
    public javafx.scene.image.Image image() { return image.getImage(); }

    /** The framebuffer being shown, or null. */
    public Framebuffer shown() { return shown; }
}
