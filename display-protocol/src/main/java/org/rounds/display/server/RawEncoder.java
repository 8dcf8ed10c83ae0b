package org.rounds.display.server;

import java.io.DataOutputStream;
import java.io.IOException;
import org.rounds.display.internal.Encodings;
import org.rounds.display.internal.PixelFormat;

/** Raw (0): every pixel in the client's pixel format. */
final class RawEncoder implements Encoder {
    @Override
    public int number() { return Encodings.RAW; }

    @Override
    public void encode(int[] argb, int w, int h, PixelFormat pf, DataOutputStream out) throws IOException {
        int bpp = pf.bytesPerPixel();
        byte[] row = new byte[w * bpp];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) pf.writePixel(argb[y * w + x], row, x * bpp);
            out.write(row);
        }
    }
}
