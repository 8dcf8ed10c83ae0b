package org.rounds.device.wedge;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;

import org.rounds.device.BadgeReader;
import org.rounds.device.Debouncer;
import org.rounds.device.ReaderEvent;
import org.rounds.device.ReaderThreads;

/**
 * A keyboard-wedge badge reader read on Linux from its evdev node (found by vendor/product
 * with {@link EvdevNodes}), taken exclusively with {@code EVIOCGRAB} so badge digits never
 * reach the focused field, on the thread {@code rounds-wedge-<node>}. The thread polls every
 * 100 ms so bursts ended by a pause are decided and close never waits on a blocked read.
 * When the node goes away (unplugged) the reader reports detached and one error line and
 * stops; the USB watcher announces it again when it returns.
 */
public final class EvdevWedgeReader implements BadgeReader {

    private static final int POLL_MILLIS = 100;

    private final Path node;
    private final String name;
    private final WedgeConfig config;
    private final Clock clock;
    private final Debouncer debouncer;
    private volatile boolean closed;
    private Thread thread;

    public EvdevWedgeReader(Path node, WedgeConfig config, Clock clock, Debouncer debouncer) {
        this.node = Objects.requireNonNull(node, "node");
        this.name = WedgeDriver.NAME + ":" + node.getFileName();
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.debouncer = Objects.requireNonNull(debouncer, "debouncer");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(ReaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed || thread != null) {
            throw new IllegalStateException(name + (closed ? " is closed" : " already started"));
        }
        ReaderListener filtered = debouncer.filter(listener);
        thread = ReaderThreads.startDaemon("rounds-wedge-" + node.getFileName(), () -> run(filtered));
    }

    private void run(ReaderListener listener) {
        LibC libc;
        try {
            libc = LibC.load();
        } catch (UnsatisfiedLinkError e) {
            emit(listener, new ReaderEvent.ReaderError(name, "libc does not load: the evdev wedge is Linux only",
                    clock.instant()));
            return;
        }
        int fd = libc.open(node.toString(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            emit(listener, new ReaderEvent.ReaderError(name, "cannot open " + node + " (errno " + errno + ")"
                    + (errno == 13 ? ": add this user to the 'input' group or a udev rule" : ""), clock.instant()));
            return;
        }
        try {
            if (libc.ioctl(fd, new NativeLong(LibC.EVIOCGRAB), 1) != 0) {
                emit(listener, new ReaderEvent.ReaderError(name, "cannot take " + node
                        + " exclusively (errno " + Native.getLastError() + "): another program grabbed it",
                        clock.instant()));
                return;
            }
            emit(listener, new ReaderEvent.ReaderAttached(name, clock.instant()));
            WedgeDecoder decoder = new WedgeDecoder(name, config, clock);
            byte[] buffer = new byte[InputEvent.SIZE * 64];
            LibC.PollFd[] fds = (LibC.PollFd[]) new LibC.PollFd().toArray(1);
            fds[0].fd = fd;
            fds[0].events = LibC.POLLIN;
            while (!closed) {
                fds[0].revents = 0;
                int ready = libc.poll(fds, 1, POLL_MILLIS);
                if (ready == 0) {
                    decoder.onIdle(clock.instant()).forEach(e -> emit(listener, e));
                    continue;
                }
                long n = ready < 0 ? -1 : libc.read(fd, buffer, new NativeLong(buffer.length)).longValue();
                if (n <= 0) {
                    if (ready < 0 && Native.getLastError() == 4) {
                        continue;   // EINTR
                    }
                    emit(listener, new ReaderEvent.ReaderDetached(name, clock.instant()));
                    emit(listener, new ReaderEvent.ReaderError(name, node + " went away (unplugged?)", clock.instant()));
                    return;
                }
                decoder.onEvents(InputEvent.parse(buffer, (int) n)).forEach(e -> emit(listener, e));
            }
        } finally {
            libc.close(fd);   // closing releases the grab
        }
    }

    private void emit(ReaderListener listener, ReaderEvent event) {
        if (!closed) ReaderThreads.deliver(listener, event);
    }

    /** Stops reading and releases the device; returns once no more events will come. */
    @Override
    public void close() {
        Thread toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = thread;
        }
        ReaderThreads.stop(toStop, false);
    }
}
