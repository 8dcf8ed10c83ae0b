package org.rounds.display.it;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.rounds.display.fbs.FbsReader;

/**
 * The FBS recordings of real sessions under src/test/resources/recordings (made by its record.sh):
 * by Rounds' own recorder, and by TigerVNC's viewer through a recording proxy.
 */
final class Recordings {
    /** Name, the encoding that carries most of its bytes, and whether that encoding is lossless. */
    record Recording(String name, String dominantEncoding, boolean lossless) {}

    static final List<Recording> ALL = List.of(
            new Recording("xvnc-tight-photos", "tight", false),
            new Recording("x11vnc-zrle-xterm", "zrle", true),
            new Recording("xvnc-hextile-xterm", "hextile", true),
            new Recording("xvnc-tight-fullframe", "tight", false),
            // Made by TigerVNC's vncviewer through RecordingProxy (VncViewerRecordingTest): VMware cursor position.
            new Recording("vncviewer-tight-xterm", "tight", true),
            new Recording("vncviewer-zrle-xterm", "zrle", true));

    private Recordings() {}

    /** The server byte stream of a recording. */
    static byte[] stream(String name) throws IOException {
        try (InputStream in = FbsReader.open(resource(name + ".fbs"))) {
            return in.readAllBytes();
        }
    }

    /** The server's own screen (xwd -root) when the recording ended, as ARGB. */
    static int[] screen(String name, int width, int height) throws IOException {
        BufferedImage img;
        try (InputStream in = resource(name + ".png")) {
            img = ImageIO.read(in);
        }
        if (img.getWidth() != width || img.getHeight() != height)
            throw new IllegalStateException(name + ".png is " + img.getWidth() + "x" + img.getHeight());
        return img.getRGB(0, 0, width, height, null, 0, width);
    }

    private static InputStream resource(String file) throws IOException {
        InputStream in = Recordings.class.getResourceAsStream("/recordings/" + file);
        if (in == null) throw new IOException("missing test resource recordings/" + file);
        return in;
    }
}
