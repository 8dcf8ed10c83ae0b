package org.rounds.client.ui;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.testfx.util.WaitForAsyncUtils;

/** Saves what a scene shows as target/screenshots/NAME.png, to look at after the tests. */
public final class Screenshots {
    private Screenshots() {}

    public static void save(Scene scene, String name) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> scene.snapshot(null)).get(5, TimeUnit.SECONDS);
        int w = (int) shot.getWidth(), h = (int) shot.getHeight();
        BufferedImage png = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        PixelReader r = shot.getPixelReader();
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) png.setRGB(x, y, r.getArgb(x, y));
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        ImageIO.write(png, "png", dir.resolve(name + ".png").toFile());
    }
}
