package org.rounds.roaming.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.BrokerRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session reliability: after a user's desktop connection drops, asks the broker for the same
 * session back (the reconnect token of the same generation) without a new tap, with backoff, for
 * {@link #RECONNECT_FOR} (Citrix keeps a dropped session 180 s); a kiosk's shared desktop is
 * tried for ever instead. This class keeps the time and the attempts and asks the broker; it
 * changes the state only through the transitions of the {@link EndpointMachine} that owns it
 * ({@link EndpointMachine#reconnected}, {@link EndpointMachine#lock}). Endpoint thread only.
 */
final class SessionReconnector {
    // The machine's logger: one endpoint's story stays in one log.
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    static final Duration RECONNECT_FOR = Duration.ofSeconds(180);
    private static final long[] RECONNECT_DELAYS_MS = {0, 500, 1000, 2000, 4000, 8000, 10_000};
    private static final long[] KIOSK_RETRY_MS = {500, 1000, 2000, 5000, 10_000};

    private final EndpointMachine machine;
    private final String endpointId;
    private final BrokerCalls broker;
    private final Clock clock;
    /** Runs an input on the endpoint thread after a delay. */
    private final BiConsumer<Runnable, Duration> later;
    private Instant reconnectUntil;
    private int reconnectAttempts;
    private int kioskAttempts;

    SessionReconnector(EndpointMachine machine, String endpointId, BrokerCalls broker, Clock clock,
                       BiConsumer<Runnable, Duration> later) {
        this.machine = machine;
        this.endpointId = endpointId;
        this.broker = broker;
        this.clock = clock;
        this.later = later;
    }

    /** A user's session just dropped: its {@link #RECONNECT_FOR} start now. */
    void start() {
        reconnectUntil = clock.instant().plus(RECONNECT_FOR);
        reconnectAttempts = 0;
    }

    /** One try to get the dropped session back; schedules the next with backoff until the time is up. */
    void attempt() {
        Optional<TapDecision.Connect> reconnecting = machine.reconnecting();
        if (reconnecting.isEmpty()) return; // a tap or a push decided otherwise
        TapDecision.Connect lost = reconnecting.get();
        TapDecision answer;
        try {
            answer = broker.reconnect(new ReconnectRequest(endpointId, lost.userId(), lost.generation(), lost.reconnectToken()));
        } catch (BrokerRejectedException e) {
            machine.lock(machine.userId(), Reason.of(Reason.Kind.CONNECTION_LOST, e.getMessage()));
            return;
        } catch (BrokerException e) {
            retry(e.getMessage());
            return;
        }
        machine.reconnected(lost, answer).ifPresent(this::retry);
    }

    private void retry(String why) {
        if (!clock.instant().isBefore(reconnectUntil)) {
            machine.lock(machine.userId(),
                    Reason.of(Reason.Kind.CONNECTION_LOST, "no reconnect within " + RECONNECT_FOR.toSeconds() + " s: " + why));
            return;
        }
        long delay = RECONNECT_DELAYS_MS[Math.min(++reconnectAttempts, RECONNECT_DELAYS_MS.length - 1)];
        log.info("{}: reconnect attempt {} failed ({}); next in {} ms", endpointId, reconnectAttempts, why, delay);
        later.accept(this::attempt, Duration.ofMillis(delay));
    }

    /** The kiosk's desktop is shown: the next failure starts the backoff from its first step again. */
    void kioskShown() {
        kioskAttempts = 0;
    }

    /** Schedules the kiosk's next try, with backoff up to {@link #KIOSK_RETRY_MS}'s last step, for ever. */
    void kioskRetryLater(String why, Runnable kioskAttempt) {
        long delay = KIOSK_RETRY_MS[Math.min(kioskAttempts++, KIOSK_RETRY_MS.length - 1)];
        log.info("{}: kiosk desktop not shown ({}); next try in {} ms", endpointId, why, delay);
        later.accept(kioskAttempt, Duration.ofMillis(delay));
    }
}
