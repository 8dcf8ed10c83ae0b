package org.rounds.cli.vnc;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.DesktopPool;
import org.rounds.cli.Main;
import org.rounds.host.EmbeddedDesktopPool;

/**
 * The pin a desktop host's address carries is the form {@code rounds snapshot --pin} takes: any
 * tool can check the host's certificate with it, and a wrong one is refused in one line.
 */
@Tag("unit")
class SnapshotOfADesktopHostTest {
    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool();
    private final StringWriter out = new StringWriter(), err = new StringWriter();
    @TempDir Path dir;

    @AfterEach
    void close() { pool.close(); }

    private int run(String... args) { return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)); }

    @Test
    void snapshotWithTheAddressesPinShowsTheDesktop() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        Path pw = Files.writeString(dir.resolve("pw"), a.password() + "\n");
        Path png = dir.resolve("screen.png");
        assertThat(run("snapshot", "--pin", a.pin(), "--password-file", pw.toString(), a.host() + "::" + a.port(), png.toString()))
                .as(err.toString()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        DesktopPool.Snapshot truth = pool.snapshot("nurse").orElseThrow();
        assertThat(img.getWidth()).isEqualTo(truth.width());
        for (int y = 60; y < truth.height(); y += 37)
            for (int x = 0; x < truth.width(); x += 41)
                assertThat(img.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(truth.pixels()[y * truth.width() + x] & 0xFFFFFF);
    }

    @Test
    void aWrongPinIsRefusedInOneLine() throws Exception {
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        Path pw = Files.writeString(dir.resolve("pw"), a.password() + "\n");
        String wrong = (a.pin().charAt(0) == '0' ? "1" : "0") + a.pin().substring(1);
        int rc = run("snapshot", "--pin", wrong, "--password-file", pw.toString(), a.host() + "::" + a.port(), dir.resolve("x.png").toString());
        assertThat(rc).isNotZero();
        assertThat(err.toString().strip()).doesNotContain("\n").contains("does not match the pinned " + wrong);
        assertThat(dir.resolve("x.png")).doesNotExist();
    }
}
