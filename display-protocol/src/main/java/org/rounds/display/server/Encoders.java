package org.rounds.display.server;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rounds.display.internal.Encodings;

/** The server's one registry: wire number to encoder. A new encoding is one class and one line here. */
final class Encoders {
    private static final Map<Integer, Supplier<Encoder>> FACTORIES = Map.of(
            Encodings.RAW, RawEncoder::new,
            Encodings.HEXTILE, HextileEncoder::new,
            Encodings.TIGHT, TightEncoder::new,
            Encodings.ZRLE, ZrleEncoder::new);

    private Encoders() {}

    /** The first encoding in the client's list that we can send; Raw (which every client must accept) otherwise. */
    static Encoder choose(List<Integer> clientOrder) {
        return choose(clientOrder, null);
    }

    /**
     * As {@link #choose(List)}, but keeps {@code current} when it is still the choice: ZRLE and
     * Tight streams must continue, since the viewer's decoder keeps its side of them.
     */
    static Encoder choose(List<Integer> clientOrder, Encoder current) {
        Encoder chosen = null;
        for (int e : clientOrder) {
            Supplier<Encoder> f = FACTORIES.get(e);
            if (f == null) continue;
            chosen = current != null && current.number() == e ? current : f.get();
            break;
        }
        if (chosen == null) chosen = current != null && current.number() == Encodings.RAW ? current : new RawEncoder();
        chosen.hints(EncodingHints.of(clientOrder));
        return chosen;
    }
}
