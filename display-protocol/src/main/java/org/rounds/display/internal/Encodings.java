package org.rounds.display.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one table of RFB encoding wire numbers and their names. A new encoding is one line here
 * (plus its decoder/encoder class and one line in that side's registry).
 */
public final class Encodings {

    /** One encoding: its signed 32-bit wire number, a lower-case name, and whether it is a pseudo-encoding. */
    public record Encoding(int number, String name, boolean pseudo) {}

    public static final int RAW = 0;
    public static final int COPY_RECT = 1;
    public static final int RRE = 2;
    public static final int HEXTILE = 5;
    public static final int ZLIB = 6;
    public static final int TIGHT = 7;
    public static final int TRLE = 15;
    public static final int ZRLE = 16;
    public static final int TIGHT_PNG = -260;
    public static final int DESKTOP_SIZE = -223;
    public static final int LAST_RECT = -224;
    public static final int CURSOR = -239;
    public static final int DESKTOP_NAME = -307;
    public static final int EXTENDED_DESKTOP_SIZE = -308;

    private static final List<Encoding> ALL = List.of(
            new Encoding(RAW, "raw", false),
            new Encoding(COPY_RECT, "copyrect", false),
            new Encoding(RRE, "rre", false),
            new Encoding(HEXTILE, "hextile", false),
            new Encoding(ZLIB, "zlib", false),
            new Encoding(TIGHT, "tight", false),
            new Encoding(TRLE, "trle", false),
            new Encoding(ZRLE, "zrle", false),
            new Encoding(TIGHT_PNG, "tightpng", false),
            new Encoding(DESKTOP_SIZE, "desktopsize", true),
            new Encoding(LAST_RECT, "lastrect", true),
            new Encoding(CURSOR, "cursor", true),
            new Encoding(DESKTOP_NAME, "desktopname", true),
            new Encoding(EXTENDED_DESKTOP_SIZE, "extendeddesktopsize", true));

    private Encodings() {}

    public static Optional<Encoding> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(e -> e.name().equals(n)).findFirst();
    }

    public static Optional<Encoding> byNumber(int number) {
        return ALL.stream().filter(e -> e.number() == number).findFirst();
    }

    /** The name for logs and errors; unknown numbers read "encoding 42". */
    public static String nameOf(int number) {
        return byNumber(number).map(Encoding::name).orElse("encoding " + number);
    }
}
