package org.rounds.roaming.session;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.api.PushAck;
import org.rounds.roaming.api.PushEvent;
import org.rounds.roaming.api.TapDecision;
import org.rounds.roaming.api.TapRequest;
import org.rounds.roaming.client.BrokerCalls;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.client.PushListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The roaming state machine of one endpoint. Badge taps (from a {@link BadgeReader}), broker
 * pushes (from a {@link PushChannel}) and lost display connections enter as inputs and are
 * handled one at a time, in arrival order, on the endpoint's own thread
 * ({@code rounds-roaming-<endpointId>}); the state is read-only from outside, with listeners.
 *
 * <p>The invariant that matters clinically: every way into {@link RoamingState#LOCKED} clears
 * the screen first, then closes the display session, then reports the transition; a moved
 * session is acknowledged to the broker only after that.
 */
public final class RoamingEndpoint implements BadgeReader.ReaderListener, PushListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    private final EndpointProfile profile;
    private final BrokerCalls broker;
    private final DesktopDisplay display;
    private final Screen screen;
    private final Clock clock;
    private final Supplier<String> tapIds;
    private final ExecutorService thread;
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();

    // Written only on the endpoint thread; volatile so that readers on other threads see them.
    private volatile RoamingState state = RoamingState.LOCKED;
    private volatile Optional<String> userId = Optional.empty();
    private volatile Optional<String> lastLockReason = Optional.empty();
    private long generation;
    private DisplaySession session;
    /** Identifies the current display session, so a late "connection lost" of an old one is ignored. */
    private Object sessionToken;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread worker;

    private RoamingEndpoint(Builder b) {
        this.profile = b.profile;
        this.broker = b.broker;
        this.display = b.display;
        this.screen = b.screen;
        this.clock = b.clock;
        this.tapIds = b.tapIds;
        String name = "rounds-roaming-" + profile.endpointId();
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            worker = t;
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    // Properties

    public EndpointProfile profile() {
        return profile;
    }

    public RoamingState state() {
        return state;
    }

    /** The user whose desktop is shown (or being connected), if any. */
    public Optional<String> currentUserId() {
        return userId;
    }

    /** Why the endpoint last locked, for the lock screen; empty until it first locks. */
    public Optional<String> lastLockReason() {
        return lastLockReason;
    }

    /** Listeners are called on the endpoint thread, in order; see {@link StateListener}. */
    public void addListener(StateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(StateListener listener) {
        listeners.remove(listener);
    }

    // Inputs (any thread; they queue and return at once)

    /** A reader event; only badge presentations act for now. */
    @Override
    public void onEvent(ReaderEvent event) {
        if (event instanceof ReaderEvent.BadgePresented badge) {
            submit(() -> badgePresented(badge));
        } else if (event instanceof ReaderEvent.ReaderError error) {
            log.warn("{}: reader {} failed: {}", profile.endpointId(), error.reader(), error.message());
        }
    }

    @Override
    public void onPush(PushEvent event, PushChannel channel) {
        if (event instanceof PushEvent.SessionMoved moved) {
            submit(() -> sessionMoved(moved, channel));
        }
    }

    @Override
    public void connected(String brokerUrl) {
        log.info("{}: push channel connected to {}", profile.endpointId(), brokerUrl);
    }

    @Override
    public void disconnected(String reason) {
        log.warn("{}: push channel lost: {}", profile.endpointId(), reason);
    }

    /**
     * Locks (clearing the screen), closes the display session and stops the endpoint thread;
     * returns once it has stopped (at most a few seconds if a desktop connect is under way).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        Runnable shutdown = () -> {
            if (state != RoamingState.LOCKED) lock(userId, "endpoint closing");
        };
        if (Thread.currentThread() == worker) {
            shutdown.run(); // a listener closing us from our own thread: cannot wait for ourselves
            thread.shutdown();
            return;
        }
        try {
            thread.execute(shutdown);
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("{}: endpoint thread still busy after 5 s; interrupting it", profile.endpointId());
                thread.shutdownNow();
                thread.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void submit(Runnable input) {
        if (closed.get()) return;
        try {
            thread.execute(() -> {
                try {
                    input.run();
                } catch (RuntimeException e) {
                    // No input may leave the machine stuck half-way: whatever broke, lock.
                    log.error("{}: input failed; locking", profile.endpointId(), e);
                    lock(userId, "internal error: " + e.getClass().getSimpleName());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("{}: input after close ignored", profile.endpointId());
        }
    }

    // Handlers (endpoint thread only)

    private void badgePresented(ReaderEvent.BadgePresented badge) {
        TapRequest request = new TapRequest(profile.endpointId(), badge.credential().id(), tapIds.get());
        boolean wasInSession = state == RoamingState.IN_SESSION;
        if (!wasInSession) moveTo(RoamingState.CONNECTING, Optional.empty(), "badge presented");

        TapDecision decision;
        try {
            decision = broker.tap(request);
        } catch (BrokerException e) {
            refuse(wasInSession, e.getMessage());
            return;
        }
        log.debug("{}: tap {} decided {}", profile.endpointId(), request.tapId(), decision.getClass().getSimpleName());

        if (decision instanceof TapDecision.Connect connect) {
            show(connect);
        } else if (decision instanceof TapDecision.Lock lock) {
            lock(Optional.of(lock.userId()), "tapped out: " + lock.reason());
        } else if (decision instanceof TapDecision.UnknownBadge) {
            refuse(wasInSession, "unknown badge");
        } else if (decision instanceof TapDecision.Denied denied) {
            refuse(wasInSession, "denied: " + denied.reason());
        }
    }

    /** A tap that shows nothing new: a session shown stays shown; otherwise back to LOCKED. */
    private void refuse(boolean wasInSession, String reason) {
        if (wasInSession) {
            log.info("{}: tap ignored while {} is shown: {}", profile.endpointId(), userId.orElse("-"), reason);
            Instant at = clock.instant();
            for (StateListener l : listeners) safely(() -> l.tapIgnored(reason, at));
        } else {
            lock(Optional.empty(), reason);
        }
    }

    /** Shows the broker's desktop; a session already shown is cleared and closed first. */
    private void show(TapDecision.Connect connect) {
        Optional<String> user = Optional.of(connect.userId());
        if (state == RoamingState.IN_SESSION) {
            String previous = userId.orElse("-");
            clearAndClose();
            moveTo(RoamingState.CONNECTING, user, "tap-over: " + previous + " disconnected");
        } else {
            userId = user; // CONNECTING already; now we know for whom
        }
        Object token = new Object();
        sessionToken = token;
        try {
            session = display.connect(connect.desktop(), reason -> submit(() -> connectionLost(token, reason)));
        } catch (IOException | RuntimeException e) {
            sessionToken = null;
            lock(user, "desktop " + connect.desktop() + " unreachable: " + e.getMessage());
            return;
        }
        generation = connect.generation();
        moveTo(RoamingState.IN_SESSION, user, "connected to " + connect.desktop() + " (generation " + generation + ")");
    }

    private void sessionMoved(PushEvent.SessionMoved moved, PushChannel channel) {
        boolean showsThatUser = state == RoamingState.IN_SESSION && userId.equals(Optional.of(moved.userId()));
        if (showsThatUser && moved.generation() < generation) {
            log.info("{}: ignored stale session-moved of {} (generation {} < ours {})",
                    profile.endpointId(), moved.userId(), moved.generation(), generation);
            return; // we are the newer owner: acknowledging would claim a blank screen we do not have
        }
        if (showsThatUser) lock(Optional.of(moved.userId()), "session moved to " + moved.toEndpoint());
        // The screen no longer shows that user's session (or never did): say so.
        if (!channel.ack(new PushAck(moved.eventId()))) {
            log.warn("{}: could not acknowledge session-moved {}: push channel down", profile.endpointId(), moved.eventId());
        }
    }

    private void connectionLost(Object token, String reason) {
        if (token != sessionToken) return; // an old session we already closed
        lock(userId, "connection lost: " + reason);
    }

    /** Clear first, then close, then report: the only way into LOCKED. */
    private void lock(Optional<String> user, String reason) {
        clearAndClose();
        lastLockReason = Optional.of(reason);
        generation = 0;
        moveTo(RoamingState.LOCKED, user, reason);
    }

    private void clearAndClose() {
        try {
            screen.clear();
        } catch (RuntimeException e) {
            log.error("{}: clearing the screen failed", profile.endpointId(), e);
        }
        DisplaySession s = session;
        session = null;
        sessionToken = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing the display session failed: {}", profile.endpointId(), e.toString());
            }
        }
    }

    private void moveTo(RoamingState to, Optional<String> user, String reason) {
        RoamingState from = state;
        state = to;
        userId = to == RoamingState.LOCKED ? Optional.empty() : user; // LOCKED shows nobody
        Transition t = new Transition(from, to, user, reason, clock.instant());
        log.info("{}: {} -> {} user={} ({})", profile.endpointId(), from, to, user.orElse("-"), reason);
        for (StateListener l : listeners) safely(() -> l.transitioned(t));
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: state listener threw; ignored", profile.endpointId(), e);
        }
    }

    /** Collaborators of a {@link RoamingEndpoint}; all but the clock and tap ids are required. */
    public static final class Builder {
        private EndpointProfile profile;
        private BrokerCalls broker;
        private DesktopDisplay display;
        private Screen screen;
        private Clock clock = Clock.systemUTC();
        private Supplier<String> tapIds = () -> UUID.randomUUID().toString();

        private Builder() {}

        public Builder profile(EndpointProfile profile) { this.profile = profile; return this; }

        /** Usually the {@link org.rounds.roaming.client.BrokerClient}. */
        public Builder broker(BrokerCalls broker) { this.broker = broker; return this; }

        public Builder display(DesktopDisplay display) { this.display = display; return this; }

        public Builder screen(Screen screen) { this.screen = screen; return this; }

        /** Stamps transitions. Default: the system UTC clock. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** A fresh id per tap. Default: random UUIDs; tests pass a counter. */
        public Builder tapIds(Supplier<String> tapIds) { this.tapIds = tapIds; return this; }

        public RoamingEndpoint build() {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(display, "display");
            Objects.requireNonNull(screen, "screen");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(tapIds, "tapIds");
            return new RoamingEndpoint(this);
        }
    }
}
