package org.rounds.client.endpoint;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rounds.broker.api.OneLine;
import org.rounds.client.display.RfbDesktopDisplay;
import org.rounds.device.BadgeReader;
import org.rounds.device.Credential;
import org.rounds.device.Debouncer;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.BrokerException;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint, wired: registered with its brokers, its roaming state machine listening on its
 * push channel, its RFB screen, and one debounced tap input that every badge source feeds
 * (readers, the window's keyboard wedge, the demo's buttons). The composition root of
 * {@code rounds client} and of the demo: both build their endpoints here, so a tap takes the
 * same path in both.
 */
public final class Endpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Endpoint.class);
    /** The reader name of badges typed into the endpoint's window by a keyboard-wedge reader. */
    public static final String WINDOW_WEDGE = "wedge:keyboard";
    /** The longest wait before readers no broker heard of are reported again: rare enough for a broker outage. */
    private static final Duration READERS_RETRY = Duration.ofSeconds(30);

    private final BrokerClient broker;
    private final RfbDesktopDisplay display;
    private final RoamingEndpoint roaming;
    private final PushChannel push;
    private final ReadersSeen taps;
    private final Clock clock;
    private final List<AutoCloseable> owned = new ArrayList<>();

    private Endpoint(BrokerClient broker, RfbDesktopDisplay display, RoamingEndpoint roaming, PushChannel push,
                     Duration debounce, Clock clock) {
        this.broker = broker;
        this.display = display;
        this.roaming = roaming;
        this.push = push;
        this.clock = clock;
        // Every badge source feeds the tap input, so the readers it sees are the endpoint's readers.
        this.taps = new ReadersSeen(roaming.profile().endpointId(), new Debouncer(debounce, clock).filter(roaming), this::reportReaders,
                READERS_RETRY);
    }

    /** Registers again with the readers now attached, for the IT console; false when no broker took it. */
    private boolean reportReaders(List<String> readers) {
        try {
            broker.register(roaming.profile().registration(readers));
            log.info("{}: badge readers reported to the brokers: {}", id(), readers);
            return true;
        } catch (BrokerException e) {
            log.warn("{}: the badge readers {} were not reported, trying again in a second, then less often: {}", id(), readers,
                    OneLine.of(e));
            return false;
        }
    }

    /** {@link #start(EndpointProfile, BrokerClient, Duration, Clock, BrokerTransport)} with HTTPS brokers only. */
    public static Endpoint start(EndpointProfile profile, BrokerClient broker, Duration debounce, Clock clock) {
        return start(profile, broker, debounce, clock, BrokerTransport.TLS_ONLY);
    }

    /**
     * Registers {@code profile} with {@code broker} (which the endpoint then owns and closes),
     * and opens its push channel. A broker that refuses or cannot be reached is one line, and so
     * is a plain-HTTP broker that {@code transport} does not allow (checked before anything is sent).
     */
    public static Endpoint start(EndpointProfile profile, BrokerClient broker, Duration debounce, Clock clock,
                                 BrokerTransport transport) {
        Objects.requireNonNull(profile);
        try {
            transport.check(broker.brokers());
        } catch (IllegalArgumentException e) {
            broker.close();
            throw e;
        }
        try {
            broker.register(profile.registration());
        } catch (BrokerException e) {
            broker.close();
            throw new IllegalStateException("registering " + profile.endpointId() + " with the brokers: " + e.getMessage(), e);
        }
        RfbDesktopDisplay display = new RfbDesktopDisplay();
        RoamingEndpoint roaming = RoamingEndpoint.builder().profile(profile).broker(broker)
                .display(display).screen(display).clock(clock).build();
        // A profile pushed from the centre may carry the broker list: it replaces this client's, on the same transport rules.
        roaming.onProfileApplied(p -> {
            if (p.brokers().isEmpty()) return;
            try {
                transport.check(p.brokers());
                broker.replaceBrokers(p.brokers());
            } catch (IllegalArgumentException e) {
                log.warn("{}: the broker list of profile {} version {} refused, the list in use kept: {}", profile.endpointId(), p.name(),
                        p.version(), OneLine.of(e));
            }
        });
        PushChannel push = broker.openPush(profile.endpointId(), roaming);
        return new Endpoint(broker, display, roaming, push, debounce, clock);
    }

    /**
     * The one tap input: debounced, then to the roaming state machine. Give it to every reader:
     * the readers it hears of (plugged in, unplugged, reading a badge) are reported to the brokers.
     */
    public BadgeReader.ReaderListener taps() { return taps; }

    /** A badge typed into the window by a keyboard-wedge reader: presented and removed, through {@link #taps()}. */
    public void wedgeBadge(String id) {
        Credential credential = new Credential(Credential.Technology.KEYBOARD_WEDGE, id.getBytes(StandardCharsets.US_ASCII), id);
        taps.onEvent(new ReaderEvent.BadgePresented(WINDOW_WEDGE, credential, clock.instant()));
        taps.onEvent(new ReaderEvent.BadgeRemoved(WINDOW_WEDGE, clock.instant()));
    }

    /** Closes {@code resource} (a reader) with the endpoint, before the screen is cleared. */
    public <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    public String id() { return roaming.profile().endpointId(); }
    public EndpointProfile profile() { return roaming.profile(); }
    public RoamingEndpoint roaming() { return roaming; }
    public RfbDesktopDisplay display() { return display; }
    public BrokerClient broker() { return broker; }
    public PushChannel push() { return push; }
    public Clock clock() { return clock; }

    /** Readers first (no tap arrives half-way), then the push channel and the machine; the screen is cleared before the broker closes. */
    @Override
    public void close() {
        for (AutoCloseable r : owned) {
            try {
                r.close();
            } catch (Exception e) {
                log.warn("{}: closing {} failed: {}", id(), r, OneLine.of(e));
            }
        }
        taps.close();
        push.close();
        roaming.close();
        display.clear();
        broker.close();
    }
}
