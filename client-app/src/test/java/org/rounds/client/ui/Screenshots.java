package org.rounds.client.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Saves what a scene shows as target/screenshots/NAME.png, to look at after the tests. Only an
 * artefact, never an assertion: {@code -Pquick} sets {@value #PROPERTY} false and saves none (a
 * snapshot rendered in software and a PNG encoded cost about a third of a second of CPU each).
 */
public final class Screenshots {
    /** The system property that turns saving off when false. */
    static final String PROPERTY = "rounds.test.screenshots";

    private Screenshots() {}

    public static void save(Scene scene, String name) throws Exception {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) return;
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(5, TimeUnit.SECONDS);
        int w = (int) shot.getWidth(), h = (int) shot.getHeight();
        int[] argb = new int[w * h];
        shot.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        png.setRGB(0, 0, w, h, argb, 0, w);
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        ImageIO.write(png, "png", dir.resolve(name + ".png").toFile());
    }
}
