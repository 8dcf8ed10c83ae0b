package org.rounds.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DebouncerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T08:00:00Z"));
    private final Debouncer debouncer = new Debouncer(clock);
    private final List<ReaderEvent> seen = new ArrayList<>();
    private final BadgeReader.ReaderListener listener = debouncer.filter(seen::add);

    private void present(String reader, String id) {
        listener.onEvent(new ReaderEvent.BadgePresented(reader,
                new Credential(Credential.Technology.CONTACTLESS_UID, new byte[] {1}, id), clock.instant()));
    }

    private List<String> presentedIds() {
        return seen.stream().filter(e -> e instanceof ReaderEvent.BadgePresented)
                .map(e -> ((ReaderEvent.BadgePresented) e).credential().id()).toList();
    }

    @Test
    void sameCardOnSameReaderWithinTheWindowIsDropped() {
        present("r1", "A");
        clock.advance(Duration.ofMillis(1000));
        present("r1", "A");
        assertThat(presentedIds()).containsExactly("A");
    }

    @Test
    void sameCardAfterTheWindowPassesAgain() {
        present("r1", "A");
        clock.advance(Duration.ofMillis(1500));
        present("r1", "A");
        assertThat(presentedIds()).containsExactly("A", "A");
    }

    @Test
    void aRestingBadgeThatKeepsRepeatingYieldsOneEvent() {
        present("r1", "A");
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofMillis(250));
            present("r1", "A");
        }
        assertThat(presentedIds()).containsExactly("A");
    }

    @Test
    void anotherCardOrAnotherReaderIsNeverDropped() {
        present("r1", "A");
        present("r1", "B");
        present("r2", "B");
        present("r1", "A");
        assertThat(presentedIds()).containsExactly("A", "B", "B", "A");
    }

    @Test
    void removalsAndErrorsPassThrough() {
        present("r1", "A");
        listener.onEvent(new ReaderEvent.ReaderError("r1", "gone", clock.instant()));
        present("r1", "A");
        listener.onEvent(new ReaderEvent.BadgeRemoved("r1", clock.instant()));
        assertThat(seen).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("BadgePresented", "ReaderError", "BadgeRemoved");
    }

    @Test
    void aBadgeTakenAwayAndPresentedAgainIsASecondTapAtOnce() {
        present("r1", "A");
        clock.advance(Duration.ofMillis(200));
        listener.onEvent(new ReaderEvent.BadgeRemoved("r1", clock.instant()));
        clock.advance(Duration.ofMillis(200));
        present("r1", "A"); // tap-out, 0.4 s after the tap
        listener.onEvent(new ReaderEvent.BadgeRemoved("r2", clock.instant()));
        present("r1", "A"); // a removal on another reader ends nothing here
        assertThat(presentedIds()).containsExactly("A", "A");
    }

    @Test
    void windowIsConfigurable() {
        Debouncer shortOne = new Debouncer(Duration.ofMillis(100), clock);
        ReaderEvent e = new ReaderEvent.BadgePresented("r", new Credential(Credential.Technology.SIMULATED, null, "X"),
                clock.instant());
        assertThat(shortOne.admit(e)).isTrue();
        clock.advance(Duration.ofMillis(99));
        assertThat(shortOne.admit(e)).isFalse();
        clock.advance(Duration.ofMillis(100));
        assertThat(shortOne.admit(e)).isTrue();
    }
}
