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
    public static final int JPEG = 21;
    public static final int ZRLE = 16;
    public static final int TIGHT_PNG = -260;
    public static final int DESKTOP_SIZE = -223;
    public static final int LAST_RECT = -224;
    public static final int POINTER_POS = -232;
    public static final int CURSOR = -239;
    public static final int X_CURSOR = -240;
    public static final int CURSOR_WITH_ALPHA = -314;
    /** Tight compression level 0..9 is {@code TIGHT_COMPRESS_0 + level}: a hint to the server, no rectangles. */
    public static final int TIGHT_COMPRESS_0 = -256;
    /** Tight JPEG quality 0..9 is {@code TIGHT_QUALITY_0 + level}; without one, Tight stays lossless. */
    public static final int TIGHT_QUALITY_0 = -32;
    public static final int DESKTOP_NAME = -307;
    public static final int EXTENDED_DESKTOP_SIZE = -308;
    /** Announces ClientFence/ServerFence (248); never a rectangle. */
    public static final int FENCE = -312;
    /** Announces EnableContinuousUpdates/EndOfContinuousUpdates (150); never a rectangle. */
    public static final int CONTINUOUS_UPDATES = -313;
    /** QEMU extended key events (client message 255, sub-type 0); the server answers with an empty rectangle. */
    public static final int QEMU_EXTENDED_KEY = -258;
    /** QEMU LED state: a rectangle carrying one byte (bit 0 Scroll, 1 Num, 2 Caps Lock). */
    public static final int QEMU_LED_STATE = -261;
    /** Extended clipboard (caps/request/peek/notify/provide in Server/ClientCutText); never a rectangle. */
    public static final int EXTENDED_CLIPBOARD = 0xC0A1E5CE;

    private static final List<Encoding> ALL = withLevels(
            new Encoding(RAW, "raw", false),
            new Encoding(COPY_RECT, "copyrect", false),
            new Encoding(RRE, "rre", false),
            new Encoding(HEXTILE, "hextile", false),
            new Encoding(ZLIB, "zlib", false),
            new Encoding(TIGHT, "tight", false),
            new Encoding(TRLE, "trle", false),
            new Encoding(JPEG, "jpeg", false),
            new Encoding(ZRLE, "zrle", false),
            new Encoding(TIGHT_PNG, "tightpng", false),
            new Encoding(DESKTOP_SIZE, "desktopsize", true),
            new Encoding(LAST_RECT, "lastrect", true),
            new Encoding(POINTER_POS, "pointerpos", true),
            new Encoding(CURSOR, "cursor", true),
            new Encoding(X_CURSOR, "xcursor", true),
            new Encoding(CURSOR_WITH_ALPHA, "cursorwithalpha", true),
            new Encoding(DESKTOP_NAME, "desktopname", true),
            new Encoding(EXTENDED_DESKTOP_SIZE, "extendeddesktopsize", true),
            new Encoding(FENCE, "fence", true),
            new Encoding(CONTINUOUS_UPDATES, "continuousupdates", true),
            new Encoding(QEMU_EXTENDED_KEY, "qemu-extended-key", true),
            new Encoding(QEMU_LED_STATE, "qemu-led-state", true),
            new Encoding(EXTENDED_CLIPBOARD, "extendedclipboard", true));

    private Encodings() {}

    /** The table plus "tight-compress-0".."tight-compress-9" and "tight-quality-0".."tight-quality-9". */
    private static List<Encoding> withLevels(Encoding... named) {
        List<Encoding> all = new java.util.ArrayList<>(List.of(named));
        for (int level = 0; level <= 9; level++) {
            all.add(new Encoding(TIGHT_COMPRESS_0 + level, "tight-compress-" + level, true));
            all.add(new Encoding(TIGHT_QUALITY_0 + level, "tight-quality-" + level, true));
        }
        return List.copyOf(all);
    }

    /** True for pseudo-encodings that only tell the server a preference or capability and never arrive as rectangles. */
    public static boolean isHint(int number) {
        return number == FENCE || number == CONTINUOUS_UPDATES || number == EXTENDED_CLIPBOARD
                || number >= TIGHT_COMPRESS_0 && number <= TIGHT_COMPRESS_0 + 9
                || number >= TIGHT_QUALITY_0 && number <= TIGHT_QUALITY_0 + 9;
    }

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
