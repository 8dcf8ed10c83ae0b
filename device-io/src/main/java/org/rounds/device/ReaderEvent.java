package org.rounds.device;

import java.time.Instant;

/** What a reader reports, in order. */
public sealed interface ReaderEvent {

    /** The reader that reported, e.g. {@code "sim:cart-1"} or {@code "pcsc:ACS ACR122U 00 00"}. */
    String reader();

    Instant time();

    record BadgePresented(String reader, Credential credential, Instant time) implements ReaderEvent {}

    record BadgeRemoved(String reader, Instant time) implements ReaderEvent {}

    record ReaderAttached(String reader, Instant time) implements ReaderEvent {}

    record ReaderDetached(String reader, Instant time) implements ReaderEvent {}

    /** A reader failed; {@code message} is one line naming what went wrong. */
    record ReaderError(String reader, String message, Instant time) implements ReaderEvent {}
}
