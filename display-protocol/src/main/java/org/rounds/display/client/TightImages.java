package org.rounds.display.client;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.rounds.display.RfbProtocolException;

/**
 * JPEG and PNG rectangles (Tight, TightPNG, JPEG) decoded with ImageIO into opaque ARGB. The
 * image's size is checked against the rectangle from its header, before ImageIO allocates
 * pixels. One per thread (not thread-safe): the ImageIO readers are looked up once and reused,
 * because the service lookup and format sniffing cost more than decoding a small rectangle, and
 * 8-bit BGR and grey rasters are converted straight from their bytes ({@code getRGB} goes
 * through the colour model pixel by pixel and took most of the time).
 */
final class TightImages {
    private static final ThreadLocal<TightImages> PER_THREAD = ThreadLocal.withInitial(TightImages::new);
    private final TurboJpeg turbo = TurboJpeg.create().orElse(null);
    private ImageReader jpeg;
    private ImageReader png;

    /** This thread's decoders (decoding threads run rectangles of several connections' decoders). */
    static TightImages forThisThread() { return PER_THREAD.get(); }

    /** Decodes the image into its rectangle of {@code fb} (libjpeg-turbo's output is copied straight from native memory). */
    void paint(Rect r, byte[] b, int off, int len, String kind, org.rounds.display.Framebuffer fb) throws RfbProtocolException {
        if (turbo != null && kind.equals("JPEG")) {
            checkTurboSize(r, b, off, len);
            String failure = turbo.decode(b, off, len, r.width(), r.height());
            if (failure != null) throw r.error("unreadable JPEG image (" + failure + ")");
            synchronized (fb) {
                turbo.copyTo(fb.pixels(), fb.width(), r.x(), r.y(), r.width(), r.height());
            }
            return;
        }
        int[] argb = decode(r, b, off, len, kind);
        synchronized (fb) {
            int[] px = fb.pixels();
            for (int y = 0; y < r.height(); y++) System.arraycopy(argb, y * r.width(), px, (r.y() + y) * fb.width() + r.x(), r.width());
        }
    }

    int[] decode(Rect r, byte[] b, int off, int len, String kind) throws RfbProtocolException {
        if (turbo != null && kind.equals("JPEG")) return turbo(r, b, off, len);
        ImageReader reader = reader(r, kind);
        BufferedImage img;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(b, off, len))) {
            reader.setInput(in, true, true);
            int w = reader.getWidth(0), h = reader.getHeight(0);
            if (w != r.width() || h != r.height())
                throw r.error(kind + " image is " + w + "x" + h + ", not the rectangle's size");
            img = reader.read(0);
        } catch (RfbProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw r.error("unreadable " + kind + " image (" + e.getMessage() + ")");
        } finally {
            reader.reset();
        }
        return argb(img, r.width(), r.height());
    }

    private int[] turbo(Rect r, byte[] b, int off, int len) throws RfbProtocolException {
        checkTurboSize(r, b, off, len);
        String failure = turbo.decode(b, off, len, r.width(), r.height());
        if (failure != null) throw r.error("unreadable JPEG image (" + failure + ")");
        int[] out = new int[r.width() * r.height()];
        turbo.copyTo(out, r.width(), 0, 0, r.width(), r.height());
        return out;
    }

    private void checkTurboSize(Rect r, byte[] b, int off, int len) throws RfbProtocolException {
        int[] size = TurboJpeg.size(b, off, len);
        if (size == null) throw r.error("unreadable JPEG image (no valid header)");
        if (size[0] != r.width() || size[1] != r.height())
            throw r.error("JPEG image is " + size[0] + "x" + size[1] + ", not the rectangle's size");
    }

    private ImageReader reader(Rect r, String kind) throws RfbProtocolException {
        if (kind.equals("JPEG")) {
            if (jpeg == null) jpeg = reader("jpeg");
            if (jpeg == null) throw r.error("this Java runtime has no JPEG decoder");
            return jpeg;
        }
        if (png == null) png = reader("png");
        if (png == null) throw r.error("this Java runtime has no PNG decoder");
        return png;
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName(format);
        return it.hasNext() ? it.next() : null;
    }

    /** Opaque ARGB of the image: fast paths for 8-bit interleaved BGR/RGB and grey, else {@code getRGB}. */
    static int[] argb(BufferedImage img, int w, int h) {
        Raster raster = img.getRaster();
        if (raster.getDataBuffer() instanceof DataBufferByte db && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && db.getNumBanks() == 1 && !img.getColorModel().hasAlpha()) {
            byte[] src = db.getData();
            int[] offsets = sm.getBandOffsets();
            int stride = sm.getScanlineStride(), step = sm.getPixelStride(), base = db.getOffset();
            int[] out = new int[w * h];
            if (sm.getNumBands() == 3 && step == 3 && img.getColorModel().getColorSpace().isCS_sRGB()) {
                int ro = offsets[0], go = offsets[1], bo = offsets[2];
                for (int y = 0, i = 0; y < h; y++)
                    for (int x = 0, p = base + y * stride; x < w; x++, p += 3, i++)
                        out[i] = 0xFF000000 | (src[p + ro] & 0xFF) << 16 | (src[p + go] & 0xFF) << 8 | src[p + bo] & 0xFF;
                return out;
            }
            if (sm.getNumBands() == 1 && step == 1 && img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
                for (int y = 0, i = 0; y < h; y++)
                    for (int x = 0, p = base + y * stride; x < w; x++, p++, i++) {
                        int g = src[p] & 0xFF;
                        out[i] = 0xFF000000 | g << 16 | g << 8 | g;
                    }
                return out;
            }
        }
        int[] out = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < out.length; i++) out[i] |= 0xFF000000;
        return out;
    }
}
