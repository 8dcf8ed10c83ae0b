package org.rounds.display.client;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.rounds.display.RfbProtocolException;

/**
 * JPEG and PNG rectangles (Tight, TightPNG) decoded with ImageIO into opaque ARGB. The image's
 * size is checked against the rectangle from its header, before ImageIO allocates pixels.
 */
final class TightImages {
    private TightImages() {}

    static int[] decode(Rect r, byte[] b, int off, int len, String kind) throws RfbProtocolException {
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(b, off, len))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw r.error("unreadable " + kind + " image (no decoder recognised it)");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0), h = reader.getHeight(0);
                if (w != r.width() || h != r.height())
                    throw r.error(kind + " image is " + w + "x" + h + ", not the rectangle's size");
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (RfbProtocolException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw r.error("unreadable " + kind + " image (" + e.getMessage() + ")");
        }
        int[] argb = img.getRGB(0, 0, r.width(), r.height(), null, 0, r.width());
        for (int i = 0; i < argb.length; i++) argb[i] |= 0xFF000000;
        return argb;
    }
}
