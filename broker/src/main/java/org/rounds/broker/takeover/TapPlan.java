package org.rounds.broker.takeover;

import java.util.Optional;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Sessions;

/** What a tap's first transaction decided, before the side effects outside it. */
sealed interface TapPlan {
    /** Decided and recorded: nothing left to do. */
    record Done(TapDecision decision) implements TapPlan {}

    /** Decided and recorded: the viewer of {@code session} is still to be cut. */
    record TapOut(Sessions.Row session, TapDecision decision) implements TapPlan {}

    /**
     * Claimed for the endpoint at {@code generation}, not answered yet; {@code previous}: the
     * session as it was before; {@code pushBroker}: the broker holding the previous owner's push
     * channel, if known.
     */
    record Claimed(Directory.User user, Sessions.Row previous, Optional<String> pushBroker, long generation) implements TapPlan {}
}
