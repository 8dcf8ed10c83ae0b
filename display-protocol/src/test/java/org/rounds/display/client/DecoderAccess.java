package org.rounds.display.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.rounds.display.Framebuffer;
import org.rounds.display.internal.PixelFormat;
import org.rounds.display.internal.RfbInput;

/** Lets tests in other packages (encoder round trips) decode with the client's decoders. */
public final class DecoderAccess {
    private final Decoder decoder;

    public DecoderAccess(int encoding) { decoder = Decoders.create(encoding).orElseThrow(); }

    /** Reads one rectangle's data from {@code data} (which must hold exactly that) and decodes it into fb. */
    public void decode(byte[] data, int x, int y, int w, int h, int encoding, PixelFormat pf, Framebuffer fb) throws IOException {
        Rect r = new Rect(x, y, w, h, encoding, 0);
        RfbInput in = new RfbInput(new ByteArrayInputStream(data));
        byte[] payload = decoder.readRect(r, in, pf);
        if (in.offset() != data.length) throw new AssertionError("decoder read " + in.offset() + " of " + data.length + " bytes");
        decoder.decodeRect(r, payload, pf, fb);
    }
}
