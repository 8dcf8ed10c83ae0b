package org.rounds.roaming.session;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderEvent;
import org.rounds.broker.api.PushEvent;
import org.rounds.roaming.client.BrokerCalls;
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
 *
 * <p>A tap while a session is shown stays {@link RoamingState#IN_SESSION} while the broker
 * decides (the desktop is still on screen): a lock or another user's desktop follows, and a
 * refused tap (unknown badge, denied, broker unreachable) leaves the session shown and is
 * reported through {@link StateListener#tapIgnored}.
 */
public final class RoamingEndpoint implements BadgeReader.ReaderListener, PushListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoamingEndpoint.class);

    /** How long a dropped session is tried again (RECONNECTING) before the endpoint locks; kiosks try for ever. */
    public static final Duration RECONNECT_FOR = SessionReconnector.RECONNECT_FOR;

    private final EndpointProfile profile;
    private final ScheduledExecutorService thread;
    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<AppliedProfile>> profileListeners = new CopyOnWriteArrayList<>();
    private volatile Optional<AppliedProfile> applied = Optional.empty();
    private final EndpointMachine machine;
    private final IdleLockReporter idleLockReports;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile Thread worker;

    private RoamingEndpoint(Builder b) {
        this.profile = b.profile;
        String name = "rounds-roaming-" + profile.endpointId();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            worker = t;
            return t;
        });
        this.idleLockReports = new IdleLockReporter(profile.endpointId(), b.broker, b.idleLockRetries);
        this.machine = new EndpointMachine(b.profile, b.broker, b.display, b.screen, b.clock, b.tapIds, listeners, this::submit,
                b.idleLock, this::submitLater, idleLockReports);
        // Checked against the injected clock, so tests drive it with tick() instead of sleeping; always
        // scheduled, since a profile pushed later may set an idle lock where there was none.
        thread.scheduleWithFixedDelay(() -> submit(machine::checkIdle), 1, 1, TimeUnit.SECONDS);
    }

    public static Builder builder() {
        return new Builder();
    }

    // Properties

    /** The profile in force: as built, with the policy of the broker's latest pushed profile once one was applied. */
    public EndpointProfile profile() {
        return machine.profile();
    }

    /** The idle-lock timeout in force (zero: never); a pushed profile changes it at once. */
    public Duration idleLock() {
        return machine.idleLock();
    }

    /** The broker's profile last put in force, if any. */
    public Optional<AppliedProfile> appliedProfile() {
        return applied;
    }

    /**
     * Called on the endpoint thread after a pushed profile is in force, to apply what this module
     * cannot: the UI's language, the broker failover list. Must be fast and must not throw.
     */
    public void onProfileApplied(java.util.function.Consumer<AppliedProfile> listener) {
        profileListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public RoamingState state() {
        return machine.state();
    }

    /** The user whose desktop is shown (or being connected), if any. */
    public Optional<String> currentUserId() {
        return machine.userId();
    }

    /** Why the endpoint last locked, for the lock screen; empty until it first locks. */
    public Optional<Reason> lastLockReason() {
        return machine.lastLockReason();
    }

    /** Listeners are called on the endpoint thread, in order; see {@link StateListener}. */
    public void addListener(StateListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(StateListener listener) {
        listeners.remove(listener);
    }

    // Inputs (any thread; they queue and return at once)

    /**
     * Does what the profile does at start, once the UI has added its listeners: a kiosk asks for
     * its shared account's desktop and shows it (retrying for ever); other endpoints wait for a
     * badge. Call once; later calls do nothing.
     */
    public void start() {
        if (started.compareAndSet(false, true) && profile.policy().kiosk()) submit(machine::kioskAttempt);
    }

    /** A reader event: a badge presented or removed acts; a reader's error is logged (it says what to install). */
    @Override
    public void onEvent(ReaderEvent event) {
        if (event instanceof ReaderEvent.BadgePresented badge) {
            submit(() -> machine.badgePresented(badge));
        } else if (event instanceof ReaderEvent.BadgeRemoved removed) {
            submit(() -> machine.badgeRemoved(removed));
        } else if (event instanceof ReaderEvent.ReaderError error) {
            log.warn("{}: reader {} failed: {}", profile.endpointId(), error.reader(), error.message());
        }
    }

    /** The PIN typed on the PIN pad, while {@link RoamingState#PIN_REQUIRED}; ignored otherwise. Never logged. */
    public void enterPin(String pin) {
        Objects.requireNonNull(pin, "pin");
        submit(() -> machine.enterPin(pin));
    }

    /** The user left the PIN pad: the endpoint locks. */
    public void cancelPin() {
        submit(machine::cancelPin);
    }

    /** Login with user id and password from the lock screen (no badge); ignored unless LOCKED. Never logged. */
    public void passwordLogin(String userId, String password) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(password, "password");
        submit(() -> machine.passwordLogin(userId, password));
    }

    /**
     * The user touched the endpoint (key, pointer, touch): the idle lock starts counting again.
     * Any thread; cheap enough to call for every input event.
     */
    public void userActivity() {
        machine.userActivity();
    }

    /** Checks the idle lock against the clock now (it is also checked every second on its own). */
    public void tick() {
        submit(machine::checkIdle);
    }

    @Override
    public void onPush(PushEvent event, PushChannel channel) {
        if (event instanceof PushEvent.SessionMoved moved) {
            submit(() -> machine.sessionMoved(moved, channel));
        } else if (event instanceof PushEvent.ProfileChanged changed) {
            submit(() -> applyProfile(changed, channel));
        }
    }

    /**
     * Puts a pushed profile in force, or refuses it with one line and keeps the old one; an older
     * version of the profile in force than the one applied (a catch-up racing a change) is
     * ignored. Acknowledged either way: the endpoint heard it.
     */
    private void applyProfile(PushEvent.ProfileChanged changed, PushChannel channel) {
        Optional<AppliedProfile> before = applied;
        if (before.isPresent() && before.get().name().equals(changed.profile()) && changed.version() < before.get().version()) {
            log.info("{}: ignored profile {} version {}: version {} is in force", profile.endpointId(), before.get().name(),
                    changed.version(), before.get().version());
        } else {
            try {
                AppliedProfile p = AppliedProfile.of(changed, machine.profile().policy());
                machine.applyPolicy(p.policy());
                applied = Optional.of(p);
                log.info("{}: profile {} version {} in force (idle lock {}, tap-over {}, same-user tap {}, clipboard {})",
                        profile.endpointId(), p.name(), p.version(), p.policy().idleLock(), p.policy().tapOver(),
                        p.policy().sameUserTap(), p.policy().clipboard());
                for (java.util.function.Consumer<AppliedProfile> l : profileListeners) {
                    try {
                        l.accept(p);
                    } catch (RuntimeException e) {
                        log.error("{}: profile listener threw; ignored", profile.endpointId(), e);
                    }
                }
            } catch (IllegalArgumentException e) {
                log.warn("{}: pushed profile version {} refused, the one in force kept: {}", profile.endpointId(),
                        changed.version(), e.getMessage());
            }
        }
        if (!channel.ack(new org.rounds.broker.api.PushAck(changed.eventId()))) {
            log.debug("{}: could not acknowledge profile-changed {}: push channel down", profile.endpointId(), changed.eventId());
        }
    }

    @Override
    public java.util.Map<String, String> catchUp() {
        return machine.shownSession().map(c -> java.util.Map.of("user", c.userId(), "generation", String.valueOf(c.generation()),
                        org.rounds.broker.api.BrokerApi.CATCH_UP_TOKEN, c.reconnectToken()))
                .orElse(java.util.Map.of());
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
     * Handles the inputs already queued, then locks (clearing the screen), closes the display
     * session and stops the endpoint thread; returns once it has stopped (at most a few seconds
     * if a desktop connect is under way).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        idleLockReports.close();
        if (Thread.currentThread() == worker) {
            machine.shutdown(); // a listener closing us from our own thread: cannot wait for ourselves
            thread.shutdown();
            return;
        }
        try {
            thread.execute(machine::shutdown);
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
            Thread t = worker;
            if (t != null) t.join(1000); // awaitTermination returns while the worker is still exiting
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void submitLater(Runnable input, Duration delay) {
        if (closed.get()) return;
        try {
            thread.schedule(() -> submit(input), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("{}: delayed input after close ignored", profile.endpointId());
        }
    }

    private void submit(Runnable input) {
        if (closed.get()) return;
        try {
            thread.execute(() -> {
                try {
                    input.run();
                } catch (RuntimeException e) {
                    machine.failed(e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("{}: input after close ignored", profile.endpointId());
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
        private Duration idleLock;
        private List<Duration> idleLockRetries = IdleLockReporter.RETRY_DELAYS;

        private Builder() {}

        public Builder profile(EndpointProfile profile) { this.profile = profile; return this; }

        /** Usually the {@link org.rounds.roaming.client.BrokerClient}. */
        public Builder broker(BrokerCalls broker) { this.broker = broker; return this; }

        public Builder display(DesktopDisplay display) { this.display = display; return this; }

        public Builder screen(Screen screen) { this.screen = screen; return this; }

        /** Stamps transitions. Default: the system UTC clock. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /**
         * Locks (clearing the screen) when a session has seen no {@link #userActivity} for this long.
         * Default: the profile's {@link EndpointProfile.Policy#idleLock()}; zero never locks (kiosks never do).
         */
        public Builder idleLock(Duration idle) {
            if (idle.isNegative()) throw new IllegalArgumentException("idleLock must not be negative");
            this.idleLock = idle;
            return this;
        }

        /** A fresh id per tap. Default: random UUIDs; tests pass a counter. */
        public Builder tapIds(Supplier<String> tapIds) { this.tapIds = tapIds; return this; }

        /** The waits before an unanswered idle-lock report is sent again; tests shorten them. */
        Builder idleLockRetries(List<Duration> delays) { this.idleLockRetries = List.copyOf(delays); return this; }

        public RoamingEndpoint build() {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(broker, "broker");
            Objects.requireNonNull(display, "display");
            Objects.requireNonNull(screen, "screen");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(tapIds, "tapIds");
            if (idleLock == null) idleLock = profile.policy().idleLock();
            return new RoamingEndpoint(this);
        }
    }
}
