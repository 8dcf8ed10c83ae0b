package org.rounds.display.server;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rounds.display.internal.Encodings;

/** The server's one registry: wire number to encoder. */
final class Encoders {
    private static final Map<Integer, Supplier<Encoder>> FACTORIES = Map.of(
            Encodings.RAW, RawEncoder::new,
            Encodings.ZRLE, ZrleEncoder::new);

    private Encoders() {}

    /** The first encoding in the client's list that we can send; Raw (which every client must accept) otherwise. */
    static Encoder choose(List<Integer> clientOrder) {
        for (int e : clientOrder) {
            Supplier<Encoder> f = FACTORIES.get(e);
            if (f != null) return f.get();
        }
        return new RawEncoder();
    }
}
