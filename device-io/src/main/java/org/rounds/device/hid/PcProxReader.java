package org.rounds.device.hid;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.rounds.device.BadgeReader;
import org.rounds.device.Debouncer;
import org.rounds.device.ReaderEvent;
import org.rounds.device.ReaderThreads;
import org.rounds.device.format.CredentialFormat;

/**
 * An RF IDeas pcProx reader in SDK mode (HID feature reports, see {@link PcProxProtocol}),
 * polled about every 100 ms on the thread {@code rounds-pcprox-<id>}. Cards are decoded by the
 * site's {@link CredentialFormat} and reported as {@code PROX_125KHZ} credentials; repeats
 * pass through a {@link Debouncer}. When the device stops answering the reader reports the
 * card removed, the reader detached and one error line, then tries to open it again every
 * second, so unplugging and replugging recovers.
 */
public final class PcProxReader implements BadgeReader {

    public static final Duration DEFAULT_POLL = Duration.ofMillis(100);
    private static final long REOPEN_MILLIS = 1000;

    private final String id;
    private final String name;
    private final HidTransport.Opener opener;
    private final CredentialFormat format;
    private final Clock clock;
    private final Debouncer debouncer;
    private final Duration poll;
    private volatile boolean closed;
    private Thread poller;

    /**
     * @param id     short name; the reader is called {@code "hid:" + id}
     * @param opener opens the device (again); {@link Hid4javaTransport#opener} for a real one
     * @param poll   pause between polls (default {@link #DEFAULT_POLL})
     */
    public PcProxReader(String id, HidTransport.Opener opener, CredentialFormat format, Clock clock,
                        Debouncer debouncer, Duration poll) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = PcProxDriver.NAME + ":" + id;
        this.opener = Objects.requireNonNull(opener, "opener");
        this.format = Objects.requireNonNull(format, "format");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debouncer = Objects.requireNonNull(debouncer, "debouncer");
        if (poll.isNegative()) {
            throw new IllegalArgumentException("poll interval must not be negative: " + poll);
        }
        this.poll = poll;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(ReaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed || poller != null) {
            throw new IllegalStateException(name + (closed ? " is closed" : " already started"));
        }
        ReaderListener filtered = debouncer.filter(listener);
        poller = ReaderThreads.startDaemon("rounds-pcprox-" + id, () -> run(filtered));
    }

    private void run(ReaderListener listener) {
        PresenceTracker tracker = new PresenceTracker(name, format, clock);
        String lastError = null;
        while (!closed) {
            HidTransport hid;
            try {
                hid = opener.open();
            } catch (IOException | RuntimeException e) {
                String message = "cannot open the pcProx: " + e.getMessage();
                if (!message.equals(lastError)) {
                    lastError = message;
                    emit(listener, new ReaderEvent.ReaderError(name, message, clock.instant()));
                }
                pause(REOPEN_MILLIS);
                continue;
            }
            try (hid) {
                PcProxProtocol.Strip strip = PcProxProtocol.readStrip(hid);
                lastError = null;
                emit(listener, new ReaderEvent.ReaderAttached(name, clock.instant()));
                while (!closed) {
                    emitAll(listener, tracker.onPoll(PcProxProtocol.poll(hid, strip)));
                    pause(poll.toMillis());
                }
            } catch (PcProxProtocol.DeviceGone gone) {
                emitAll(listener, tracker.onLost());
                emit(listener, new ReaderEvent.ReaderDetached(name, clock.instant()));
                lastError = gone.getMessage();
                emit(listener, new ReaderEvent.ReaderError(name, gone.getMessage(), clock.instant()));
                pause(REOPEN_MILLIS);
            }
        }
    }

    private void emitAll(ReaderListener listener, List<ReaderEvent> events) {
        events.forEach(e -> emit(listener, e));
    }

    private void emit(ReaderListener listener, ReaderEvent event) {
        if (!closed) ReaderThreads.deliver(listener, event);
    }

    private void pause(long millis) {
        if (!ReaderThreads.pause(millis)) closed = true;
    }

    /** Stops polling and closes the device; returns once no more events will come. */
    @Override
    public void close() {
        Thread toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = poller;
        }
        ReaderThreads.stop(toStop, true);
    }
}
