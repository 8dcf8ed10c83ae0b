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
    /** VMware cursor: a type byte (0 AND/XOR masks of pixels, 1 RGBA), a padding byte, then the shape; x, y is the hotspot. */
    public static final int VMWARE_CURSOR = 0x574D5664;
    /** VMware cursor position: no data; x, y is where the server moved the pointer (what Xvnc sends, not PointerPos). */
    public static final int VMWARE_CURSOR_POSITION = 0x574D5666;
    /** VMware LED state: a u32 with the same bits as QEMU's (bit 0 Scroll, 1 Num, 2 Caps Lock). */
    public static final int VMWARE_LED_STATE = 0x574D5668;
    /** TurboVNC's fine JPEG quality 0..100 is {@code FINE_QUALITY_0 + level}: a hint, no rectangles. */
    public static final int FINE_QUALITY_0 = -512;
    /** TurboVNC's JPEG subsampling hints -768..-763 (1x, 4x, 2x, grey, 8x, 16x): no rectangles. */
    public static final int SUBSAMPLING_1X = -768;
    private static final String[] SUBSAMPLING_NAMES = {"1x", "4x", "2x", "gray", "8x", "16x"};

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
            new Encoding(EXTENDED_CLIPBOARD, "extendedclipboard", true),
            new Encoding(VMWARE_CURSOR, "vmware-cursor", true),
            new Encoding(VMWARE_CURSOR_POSITION, "vmware-cursor-position", true),
            new Encoding(VMWARE_LED_STATE, "vmware-led-state", true),
            // Known to other clients and servers but not decoded here: named so a refusal can say which.
            new Encoding(4, "corre", false),
            new Encoding(8, "zlibhex", false),
            new Encoding(17, "zywrle", false),
            new Encoding(50, "h264", false),
            new Encoding(-309, "xvp", true),
            new Encoding(-257, "qemu-pointer-motion-change", true),
            new Encoding(-316, "extendedmousebuttons", true));

    /** Looked up for every rectangle (its name in errors and stats): a map, not a scan of the table. */
    private static final java.util.Map<Integer, Encoding> BY_NUMBER =
            ALL.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Encoding::number, e -> e));

    private Encodings() {}

    /**
     * The table plus "tight-compress-0".."tight-compress-9", "tight-quality-0".."tight-quality-9",
     * "fine-quality-0".."fine-quality-100" and "subsampling-1x" (2x, 4x, 8x, 16x, gray).
     */
    private static List<Encoding> withLevels(Encoding... named) {
        List<Encoding> all = new java.util.ArrayList<>(List.of(named));
        for (int level = 0; level <= 9; level++) {
            all.add(new Encoding(TIGHT_COMPRESS_0 + level, "tight-compress-" + level, true));
            all.add(new Encoding(TIGHT_QUALITY_0 + level, "tight-quality-" + level, true));
        }
        for (int level = 0; level <= 100; level++) all.add(new Encoding(FINE_QUALITY_0 + level, "fine-quality-" + level, true));
        for (int i = 0; i < SUBSAMPLING_NAMES.length; i++) all.add(new Encoding(SUBSAMPLING_1X + i, "subsampling-" + SUBSAMPLING_NAMES[i], true));
        return List.copyOf(all);
    }

    /** True for pseudo-encodings that only tell the server a preference or capability and never arrive as rectangles. */
    public static boolean isHint(int number) {
        return number == FENCE || number == CONTINUOUS_UPDATES || number == EXTENDED_CLIPBOARD
                || number >= TIGHT_COMPRESS_0 && number <= TIGHT_COMPRESS_0 + 9
                || number >= TIGHT_QUALITY_0 && number <= TIGHT_QUALITY_0 + 9
                || number >= FINE_QUALITY_0 && number <= FINE_QUALITY_0 + 100
                || number >= SUBSAMPLING_1X && number < SUBSAMPLING_1X + SUBSAMPLING_NAMES.length;
    }

    public static Optional<Encoding> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(e -> e.name().equals(n)).findFirst();
    }

    public static Optional<Encoding> byNumber(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /**
     * Name and number for a one-line refusal: "vmware-cursor (1464686180, 0x574D5664)", or
     * "unknown encoding 42 (0x0000002A)".
     */
    public static String describe(int number) {
        String hex = String.format(Locale.ROOT, "0x%08X", number);
        return byNumber(number).map(e -> e.name() + " (" + number + ", " + hex + ")").orElse("unknown encoding " + number + " (" + hex + ")");
    }

    /** The name for logs and errors; unknown numbers read "encoding 42". */
    public static String nameOf(int number) {
        return byNumber(number).map(Encoding::name).orElse("encoding " + number);
    }
}
