package org.rounds.display.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rounds.display.internal.Encodings;

class EncodersTest {
    @Test
    void firstEncodingTheClientListsThatWeSupportWins() {
        assertThat(Encoders.choose(List.of(Encodings.TIGHT, Encodings.ZRLE, Encodings.RAW)).number()).isEqualTo(Encodings.ZRLE);
        assertThat(Encoders.choose(List.of(Encodings.DESKTOP_SIZE, Encodings.RAW, Encodings.ZRLE)).number()).isEqualTo(Encodings.RAW);
    }

    @Test
    void rawWhenNothingElseIsShared() {
        assertThat(Encoders.choose(List.of()).number()).isEqualTo(Encodings.RAW);
        assertThat(Encoders.choose(List.of(Encodings.TIGHT, Encodings.HEXTILE)).number()).isEqualTo(Encodings.RAW);
    }
}
