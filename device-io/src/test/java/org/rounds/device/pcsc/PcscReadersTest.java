package org.rounds.device.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PcscReadersTest {

    @Test
    void aMultiStringListsEveryReaderNameAndStopsAtTheEmptyName() {
        byte[] ms = "Virtual PCD 00 00\0Virtual PCD 00 01\0\0junk\0".getBytes(StandardCharsets.US_ASCII);
        assertThat(PcscReaders.parseMultiString(ms)).containsExactly("Virtual PCD 00 00", "Virtual PCD 00 01");
        assertThat(PcscReaders.parseMultiString(new byte[] {0})).isEmpty();
    }
}
