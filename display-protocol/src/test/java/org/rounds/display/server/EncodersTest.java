package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.display.internal.Encodings;

@Tag("unit")
class EncodersTest {
    @Test
    void firstEncodingTheClientListsThatWeSupportWins() {
        assertThat(Encoders.choose(List.of(Encodings.TRLE, Encodings.ZRLE, Encodings.RAW)).number()).isEqualTo(Encodings.ZRLE);
        assertThat(Encoders.choose(List.of(Encodings.DESKTOP_SIZE, Encodings.RAW, Encodings.ZRLE)).number()).isEqualTo(Encodings.RAW);
    }

    @Test
    void rawWhenNothingElseIsShared() {
        assertThat(Encoders.choose(List.of()).number()).isEqualTo(Encodings.RAW);
        assertThat(Encoders.choose(List.of(Encodings.TRLE, Encodings.RRE)).number()).isEqualTo(Encodings.RAW);
    }

    @Test
    void aRepeatedChoiceKeepsTheEncoderAndItsStreamsButTakesNewHints() {
        Encoder tight = Encoders.choose(List.of(Encodings.TIGHT, Encodings.TIGHT_COMPRESS_0 + 9));
        assertThat(Encoders.choose(List.of(Encodings.TIGHT, Encodings.TIGHT_QUALITY_0 + 6), tight)).isSameAs(tight);
        assertThat(Encoders.choose(List.of(Encodings.ZRLE, Encodings.TIGHT), tight).number()).isEqualTo(Encodings.ZRLE);
        assertThat(EncodingHints.of(List.of(Encodings.TIGHT, Encodings.TIGHT_QUALITY_0 + 6, Encodings.TIGHT_COMPRESS_0 + 1)))
                .isEqualTo(new EncodingHints(1, 6));
        assertThat(EncodingHints.of(List.of(Encodings.TIGHT))).isEqualTo(new EncodingHints(EncodingHints.DEFAULT_COMPRESS, -1));
    }
}
