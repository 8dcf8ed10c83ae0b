package org.rounds.display.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.server.Psnr;

/** JPEG through libjpeg-turbo (the fast path) gives the picture ImageIO gives, in the right byte order. */
@Tag("unit")
class TurboJpegTest {
    @BeforeEach
    void needsLibjpegTurbo() {
        String missing = TurboJpeg.unavailableReason();
        if (missing == null) return;
        String message = "missing peer libturbojpeg: apt-get install libturbojpeg0 (" + missing + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) Assertions.fail(message);
        Assumptions.abort(message);
    }

    @Test
    void decodesLikeImageIoWithOpaqueArgb() throws Exception {
        int w = 96, h = 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                img.setRGB(x, y, x < 32 ? 0xE01010 : x < 64 ? 0x10C020 : (x * 2) << 16 | (y * 5) << 8 | 0x80);
        byte[] jpeg = write(img);
        Rect r = new Rect(0, 0, w, h, Encodings.TIGHT, 0);
        int[] turbo = new TightImages().decode(r, jpeg, 0, jpeg.length, "JPEG");
        int[] imageio = TightImages.argb(ImageIO.read(new ByteArrayInputStream(jpeg)), w, h);
        assertThat(turbo[10 * w + 10] >>> 24).as("alpha").isEqualTo(0xFF);
        assertThat(turbo[10 * w + 10] >>> 16 & 0xFF).as("red of the red block").isGreaterThan(0xC0);
        assertThat(turbo[10 * w + 10] & 0xFF).as("blue of the red block").isLessThan(0x40);
        assertThat(turbo[10 * w + 40] >>> 8 & 0xFF).as("green of the green block").isGreaterThan(0xA0);
        assertThat(Psnr.of(imageio, turbo)).as("libjpeg-turbo against ImageIO").isGreaterThan(40);
        assertThat(Psnr.of(img.getRGB(0, 0, w, h, null, 0, w), turbo)).as("against the original").isGreaterThan(30);
    }

    @Test
    void wrongSizeAndGarbageAreProtocolErrors() throws Exception {
        byte[] jpeg = write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB));
        TightImages images = new TightImages();
        assertThatThrownBy(() -> images.decode(new Rect(0, 0, 32, 16, Encodings.TIGHT, 0), jpeg, 0, jpeg.length, "JPEG"))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("JPEG image is 16x16, not the rectangle's size");
        byte[] garbage = {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5, 6};
        assertThatThrownBy(() -> images.decode(new Rect(0, 0, 16, 16, Encodings.TIGHT, 0), garbage, 0, garbage.length, "JPEG"))
                .isInstanceOf(RfbProtocolException.class).hasMessageContaining("unreadable JPEG image");
    }

    /** The size is read from the first frame header (baseline or progressive), past APPn segments and fill bytes. */
    @Test
    void sizeComesFromTheFirstFrameHeader() {
        byte[] app0 = new byte[16];
        app0[0] = (byte) 0xFF;
        app0[1] = (byte) 0xE0;
        app0[3] = 14;
        byte[] sof2 = {(byte) 0xFF, (byte) 0xFF, (byte) 0xC2, 0, 17, 8, 0x01, 0x02, 0x03, 0x04, 3};
        byte[] jpeg = new byte[2 + app0.length + sof2.length];
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        System.arraycopy(app0, 0, jpeg, 2, app0.length);
        System.arraycopy(sof2, 0, jpeg, 2 + app0.length, sof2.length);
        assertThat(TurboJpeg.size(jpeg, 0, jpeg.length)).containsExactly(0x0304, 0x0102);
        assertThat(TurboJpeg.size(jpeg, 0, jpeg.length - 3)).as("cut inside the frame header").isNull();
        assertThat(TurboJpeg.size(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2}, 0, 6)).as("scan first").isNull();
        assertThat(TurboJpeg.size(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, 0, 4)).as("not a JPEG").isNull();
    }

    private static byte[] write(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
