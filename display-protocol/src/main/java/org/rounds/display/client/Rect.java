package org.rounds.display.client;

import org.rounds.display.RfbProtocolException;
import org.rounds.display.internal.Encodings;

/** One rectangle header of a FramebufferUpdate, with where its data started in the stream (for errors). */
record Rect(int x, int y, int width, int height, int encoding, long streamOffset) {

    String encodingName() { return Encodings.nameOf(encoding); }

    long area() { return (long) width * height; }

    RfbProtocolException error(String detail) {
        return RfbProtocolException.at("FramebufferUpdate", encodingName(), streamOffset,
                "rectangle " + x + "," + y + " " + width + "x" + height + ": " + detail);
    }
}
