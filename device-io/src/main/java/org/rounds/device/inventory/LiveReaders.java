package org.rounds.device.inventory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.rounds.device.BadgeReader;
import org.rounds.device.ReaderDriver;
import org.rounds.device.ReaderEvent;
import org.rounds.device.ReaderThreads;

/**
 * Every badge reader of the machine, started as it appears: one {@link BadgeReader} for an
 * endpoint that must not need a restart when a nurse plugs a reader into the cart.
 *
 * <ul>
 *   <li>{@link ReaderDriver.Discovery#POLLED} drivers (PC/SC) are surveyed every {@code every}
 *       (pcscd may also start late or restart); a new name gets a running {@code PcscReader},
 *       which then follows that reader, and pcscd restarts, by itself.
 *   <li>{@link ReaderDriver.Discovery#ON_USB_CHANGE} drivers (pcProx, keyboard wedges) are
 *       surveyed again whenever the USB hot-plug watcher announces a known reader plugged in or
 *       out: a new one starts, a vanished one is closed and reported detached.
 *   <li>A driver that cannot run is reported once as a {@link ReaderEvent.ReaderError} naming
 *       what to install, and again only when that changes.
 * </ul>
 * The watcher's own attached / detached events pass through, so {@code rounds readers watch}
 * shows them.
 */
public final class LiveReaders implements BadgeReader {

    private final Supplier<List<ReaderDriver.Entry>> polled;
    private final Supplier<List<ReaderDriver.Entry>> onUsbChange;
    private final Optional<BadgeReader> usbWatcher;
    private final Duration every;
    private final Clock clock;
    private final Map<String, BadgeReader> running = new LinkedHashMap<>();
    private final Map<String, String> reported = new HashMap<>();
    private ReaderListener listener;
    private Thread poller;
    private boolean closed;

    /** Every registered driver as its {@link ReaderDriver#discovery()} says: polled every 2 s, or on USB hot-plug. */
    public static LiveReaders of(ReaderInventory inventory) {
        ReaderDriver.Settings settings = inventory.settings();
        return new LiveReaders(() -> inventory.survey(ReaderDriver.Discovery.POLLED),
                () -> inventory.survey(ReaderDriver.Discovery.ON_USB_CHANGE),
                Optional.of(settings.usbWatcher().get()), Duration.ofSeconds(2), settings.clock());
    }

    LiveReaders(Supplier<List<ReaderDriver.Entry>> polled, Supplier<List<ReaderDriver.Entry>> onUsbChange,
                Optional<BadgeReader> usbWatcher, Duration every, Clock clock) {
        this.polled = Objects.requireNonNull(polled, "polled");
        this.onUsbChange = Objects.requireNonNull(onUsbChange, "onUsbChange");
        this.usbWatcher = Objects.requireNonNull(usbWatcher, "usbWatcher");
        this.every = Objects.requireNonNull(every, "every");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "readers";
    }

    /** The readers running now, by name. */
    public synchronized List<String> running() {
        return new ArrayList<>(running.keySet());
    }

    @Override
    public void start(ReaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (closed || this.listener != null) {
                throw new IllegalStateException("readers " + (closed ? "are closed" : "already started"));
            }
            this.listener = listener;
        }
        reconcile(polled.get(), false);
        reconcile(onUsbChange.get(), true);
        usbWatcher.ifPresent(w -> w.start(event -> {
            ReaderThreads.deliver(listener, event);
            if (event instanceof ReaderEvent.ReaderAttached || event instanceof ReaderEvent.ReaderDetached) {
                reconcile(onUsbChange.get(), true);
            }
        }));
        synchronized (this) {
            if (!closed) {
                poller = ReaderThreads.startDaemon("rounds-readers-poll", this::poll);
            }
        }
    }

    private void poll() {
        while (ReaderThreads.pause(every.toMillis())) {
            synchronized (this) {
                if (closed) return;
            }
            reconcile(polled.get(), false);
        }
    }

    /**
     * Starts the entries' readers not running yet; when {@code closeVanished}, closes the running
     * readers of the surveyed drivers that the survey no longer lists (a USB device unplugged).
     */
    private synchronized void reconcile(List<ReaderDriver.Entry> entries, boolean closeVanished) {
        if (closed) return;
        Set<String> drivers = new HashSet<>();
        Set<String> listed = new HashSet<>();
        for (ReaderDriver.Entry e : entries) {
            drivers.add(e.driver());
            if (e.starter().isPresent()) {
                listed.add(e.reader());
                if (!running.containsKey(e.reader())) startOne(e);
            } else if (e.state() == ReaderDriver.State.UNAVAILABLE) {
                reportOnce(e.driver(), e.detail());
            } else {
                reported.remove(e.driver());
            }
        }
        if (!closeVanished) return;
        for (var it = running.entrySet().iterator(); it.hasNext(); ) {
            var r = it.next();
            if (!listed.contains(r.getKey())
                    && ReaderDrivers.forReader(r.getKey()).map(d -> drivers.contains(d.name())).orElse(false)) {
                it.remove();
                r.getValue().close();
                ReaderThreads.deliver(listener, new ReaderEvent.ReaderDetached(r.getKey(), clock.instant()));
            }
        }
    }

    private void startOne(ReaderDriver.Entry e) {
        try {
            BadgeReader reader = e.starter().orElseThrow().get();
            reader.start(listener);
            running.put(e.reader(), reader);
            reported.remove(e.driver());
        } catch (RuntimeException failed) {   // a driver that cannot open its device says why, once
            reportOnce(e.driver(), e.reader() + ": " + failed.getMessage());
        }
    }

    private void reportOnce(String driver, String detail) {
        if (!detail.equals(reported.put(driver, detail))) {
            ReaderThreads.deliver(listener, new ReaderEvent.ReaderError(driver, detail, clock.instant()));
        }
    }

    @Override
    public void close() {
        List<BadgeReader> toClose;
        Thread toStop;
        synchronized (this) {
            if (closed) return;
            closed = true;
            toClose = new ArrayList<>(running.values());
            running.clear();
            toStop = poller;
        }
        usbWatcher.ifPresent(BadgeReader::close);
        ReaderThreads.stop(toStop, true);
        for (BadgeReader r : toClose) {
            try {
                r.close();
            } catch (RuntimeException e) {
                // closing one reader must not keep the others open
            }
        }
    }
}
