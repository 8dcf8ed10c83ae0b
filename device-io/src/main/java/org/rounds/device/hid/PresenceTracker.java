package org.rounds.device.hid;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.device.format.CardBits;
import org.rounds.device.format.CredentialFormat;
import org.rounds.device.format.Decoded;

/**
 * Turns one poll result after another into presentations and removals. A card counts as gone
 * after {@link #ABSENT_POLLS} empty polls in a row: a 125 kHz read flickers when a badge sits
 * at the edge of the field, and one missed poll must not make a tap-out. A card the format
 * rejects is reported once per presentation as a one-line error. Not thread-safe: the poller
 * thread owns it.
 */
final class PresenceTracker {

    static final int ABSENT_POLLS = 3;

    private final String reader;
    private final CredentialFormat format;
    private final Clock clock;
    private CardBits current;
    private boolean presented;   // current was reported (a rejected card has no removal to report)
    private int absent;

    PresenceTracker(String reader, CredentialFormat format, Clock clock) {
        this.reader = reader;
        this.format = format;
        this.clock = clock;
    }

    List<ReaderEvent> onPoll(Optional<CardBits> seen) {
        List<ReaderEvent> out = new ArrayList<>(2);
        if (seen.isEmpty()) {
            if (current != null && ++absent >= ABSENT_POLLS) {
                current = null;
                if (presented) {
                    presented = false;
                    out.add(new ReaderEvent.BadgeRemoved(reader, clock.instant()));
                }
            }
            return out;
        }
        absent = 0;
        CardBits bits = seen.get();
        if (bits.equals(current)) {
            return out;
        }
        if (presented) {
            out.add(new ReaderEvent.BadgeRemoved(reader, clock.instant()));   // swapped without a gap
        }
        current = bits;
        presented = false;
        Decoded decoded = format.decode(bits);
        if (decoded instanceof Decoded.Id id) {
            Credential credential = new Credential(Credential.Technology.PROX_125KHZ, bits.toBytes(), id.id());
            out.add(new ReaderEvent.BadgePresented(reader, credential, clock.instant()));
            presented = true;
        } else {
            out.add(new ReaderEvent.ReaderError(reader, "card not read: " + ((Decoded.Rejected) decoded).reason(),
                    clock.instant()));
        }
        return out;
    }

    /** The device went away: a card on it is gone with it. */
    List<ReaderEvent> onLost() {
        boolean wasPresented = presented;
        current = null;
        presented = false;
        absent = 0;
        return !wasPresented ? List.of() : List.of(new ReaderEvent.BadgeRemoved(reader, clock.instant()));
    }
}
