package org.rounds.display.fbs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A recording file cut at any byte (a recorder killed mid-write) reads as the stream up to the cut. */
@Tag("unit")
class FbsReaderTest {

    @Test
    void fileCutAnywhereReadsTheDataBytesThatAreThere() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (FbsWriter w = FbsWriter.to(file)) {
            w.append(new byte[] {1, 2, 3, 4, 5}, 0, 5);
            w.endBlock();
            w.append(new byte[] {6, 7, 8, 9, 10, 11}, 0, 6);
            w.endBlock();
        }
        byte[] whole = file.toByteArray(); // header 12, [len 4, data 5 + pad 3, ts 4], [len 4, data 6 + pad 2, ts 4]
        assertThat(whole).hasSize(12 + 16 + 16);
        assertThat(read(whole)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(read(Arrays.copyOf(whole, 12 + 16 + 4 + 3))).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(read(Arrays.copyOf(whole, 12 + 16 + 4 + 7))).as("padding there, timestamp not").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        assertThat(read(Arrays.copyOf(whole, 12 + 16 + 2))).as("cut in a length").containsExactly(1, 2, 3, 4, 5);
        assertThat(read(Arrays.copyOf(whole, 12 + 4 + 2))).containsExactly(1, 2);
    }

    private static byte[] read(byte[] file) throws Exception {
        try (InputStream in = FbsReader.open(new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
