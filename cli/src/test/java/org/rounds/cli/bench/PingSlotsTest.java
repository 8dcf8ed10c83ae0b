package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The load's keep-alive pings: every channel once a minute, never all of them in one second. */
@Tag("unit")
class PingSlotsTest {
    @Test
    void eachChannelIsPingedOnceAMinuteAndEachSecondPingsASixtiethOfThem() {
        List<Integer> held = IntStream.range(0, 4_000).boxed().toList();
        List<Integer> pinged = new ArrayList<>();
        for (long tick = 120; tick < 180; tick++) {
            List<Integer> due = PingSlots.due(held, tick);
            assertThat(due.size()).isBetween(66, 67);
            pinged.addAll(due);
        }
        assertThat(pinged).hasSize(4_000).doesNotHaveDuplicates();
    }

    @Test
    void fewerChannelsThanSecondsArePingedOneASecond() {
        List<String> held = List.of("a", "b", "c");
        assertThat(PingSlots.due(held, 0)).containsExactly("a");
        assertThat(PingSlots.due(held, 62)).containsExactly("c");
        assertThat(PingSlots.due(held, 3)).isEmpty();
    }
}
