package org.rounds.cli.vnc;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.rounds.display.Framebuffer;
import org.rounds.display.client.RfbListener;
import org.rounds.display.client.RfbSession;
import org.rounds.display.client.VncAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Connects to a VNC server, waits for the first complete frame and writes it as a PNG.",
                "URL: vnc://host:port, host::port or host:display."})
public final class SnapshotCommand implements Callable<Integer> {
    @Mixin
    VncConnectOptions connect;

    @Parameters(index = "0", paramLabel = "URL", description = "The server.")
    String url;

    @Parameters(index = "1", paramLabel = "OUT.png", description = "Where to write the PNG.")
    Path out;

    @Override
    public Integer call() throws Exception {
        VncAddress address = VncAddress.parse(url);
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png"))
            throw new IllegalArgumentException("OUT.png must end in .png: " + out);
        long start = System.nanoTime();
        try (RfbSession s = connect.client(address).connect(new RfbListener() {})) {
            if (!s.awaitFirstFrame(Duration.ofSeconds(connect.timeoutSeconds)))
                throw new IOException(s.isOpen() ? "no complete frame from " + address + " within " + connect.timeoutSeconds + " s"
                        : address + " closed the connection before the first frame");
            BufferedImage image = toImage(s.framebuffer());
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            if (!ImageIO.write(image, "png", out.toFile())) throw new IOException("no PNG writer in this Java runtime");
            System.out.printf("snapshot: %dx%d \"%s\" from %s → %s in %d ms%n", image.getWidth(), image.getHeight(),
                    s.desktopName(), address, out, (System.nanoTime() - start) / 1_000_000);
            return 0;
        } catch (IOException e) {
            throw VncConnectOptions.explain(e, address);
        }
    }

    private static BufferedImage toImage(Framebuffer fb) {
        synchronized (fb) {
            BufferedImage img = new BufferedImage(fb.width(), fb.height(), BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, fb.width(), fb.height(), fb.pixels(), 0, fb.width());
            return img;
        }
    }
}
