package org.rounds.display.client;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.rounds.display.internal.Encodings;

/**
 * The client's one registry: wire number to decoder. A new encoding is one class and one line
 * here. Pseudo-encodings that report to the session's listener get it at creation.
 */
final class Decoders {
    private static final Map<Integer, Function<RfbListener, Decoder>> FACTORIES = Map.ofEntries(
            Map.entry(Encodings.RAW, l -> new RawDecoder()),
            Map.entry(Encodings.COPY_RECT, l -> new CopyRectDecoder()),
            Map.entry(Encodings.RRE, l -> new RreDecoder()),
            Map.entry(Encodings.HEXTILE, l -> new HextileDecoder()),
            Map.entry(Encodings.ZLIB, l -> new ZlibDecoder()),
            Map.entry(Encodings.TIGHT, l -> new TightDecoder(false)),
            Map.entry(Encodings.TRLE, l -> new TrleDecoder()),
            Map.entry(Encodings.ZRLE, l -> new ZrleDecoder()),
            Map.entry(Encodings.JPEG, l -> new JpegDecoder()),
            Map.entry(Encodings.TIGHT_PNG, l -> new TightDecoder(true)),
            Map.entry(Encodings.DESKTOP_SIZE, l -> new DesktopSizeDecoder()),
            Map.entry(Encodings.LAST_RECT, l -> new LastRectDecoder()),
            Map.entry(Encodings.POINTER_POS, PointerPosDecoder::new),
            Map.entry(Encodings.CURSOR, l -> new CursorDecoder(CursorDecoder.Kind.RICH, l)),
            Map.entry(Encodings.X_CURSOR, l -> new CursorDecoder(CursorDecoder.Kind.X, l)),
            Map.entry(Encodings.CURSOR_WITH_ALPHA, l -> new CursorDecoder(CursorDecoder.Kind.ALPHA, l)),
            Map.entry(Encodings.DESKTOP_NAME, DesktopNameDecoder::new),
            Map.entry(Encodings.EXTENDED_DESKTOP_SIZE, ExtendedDesktopSizeDecoder::new),
            Map.entry(Encodings.QEMU_EXTENDED_KEY, l -> new QemuExtendedKeyDecoder()),
            Map.entry(Encodings.QEMU_LED_STATE, LedStateDecoder::new),
            Map.entry(Encodings.VMWARE_CURSOR, VMwareCursorDecoder::new),
            Map.entry(Encodings.VMWARE_CURSOR_POSITION, PointerPosDecoder::new), // the same meaning as PointerPos: x, y, no data
            Map.entry(Encodings.VMWARE_LED_STATE, VMwareLedStateDecoder::new));

    private static final RfbListener NOBODY = new RfbListener() {};

    private Decoders() {}

    static boolean supported(int encoding) { return FACTORIES.containsKey(encoding); }

    /** Every encoding number with a decoder, in ascending order. */
    static java.util.List<Integer> all() { return FACTORIES.keySet().stream().sorted().toList(); }

    /** A fresh (per-connection) decoder reporting to nobody (pixel encodings, tests). */
    static Optional<Decoder> create(int encoding) { return create(encoding, NOBODY); }

    /** A fresh (per-connection) decoder; pseudo-encodings report to {@code listener}. */
    static Optional<Decoder> create(int encoding, RfbListener listener) {
        return Optional.ofNullable(FACTORIES.get(encoding)).map(f -> f.apply(listener));
    }
}
