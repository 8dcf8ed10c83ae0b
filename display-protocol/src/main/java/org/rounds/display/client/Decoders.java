package org.rounds.display.client;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.rounds.display.internal.Encodings;

/** The client's one registry: wire number to decoder. A new encoding is one class and one line here. */
final class Decoders {
    private static final Map<Integer, Supplier<Decoder>> FACTORIES = Map.ofEntries(
            Map.entry(Encodings.RAW, RawDecoder::new),
            Map.entry(Encodings.COPY_RECT, CopyRectDecoder::new),
            Map.entry(Encodings.RRE, RreDecoder::new),
            Map.entry(Encodings.HEXTILE, HextileDecoder::new),
            Map.entry(Encodings.ZLIB, ZlibDecoder::new),
            Map.entry(Encodings.TIGHT, () -> new TightDecoder(false)),
            Map.entry(Encodings.TRLE, TrleDecoder::new),
            Map.entry(Encodings.ZRLE, ZrleDecoder::new),
            Map.entry(Encodings.TIGHT_PNG, () -> new TightDecoder(true)),
            Map.entry(Encodings.DESKTOP_SIZE, DesktopSizeDecoder::new),
            Map.entry(Encodings.LAST_RECT, LastRectDecoder::new));

    private Decoders() {}

    static boolean supported(int encoding) { return FACTORIES.containsKey(encoding); }

    /** A fresh (per-connection) decoder. */
    static Optional<Decoder> create(int encoding) {
        return Optional.ofNullable(FACTORIES.get(encoding)).map(Supplier::get);
    }
}
