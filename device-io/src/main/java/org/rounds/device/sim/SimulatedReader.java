package org.rounds.device.sim;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import org.rounds.device.BadgeReader;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.device.ReaderThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A badge reader driven by code ({@link #tap}, {@link #remove}) or by a text protocol
 * ({@code tap <id>} / {@code remove}, one per line) from a stream such as stdin or from
 * loopback TCP clients. Events queue from the moment of the call and reach the listener in
 * order on one daemon thread, {@code rounds-sim-reader-<name>}, which {@link #close} stops
 * together with every feeder thread.
 */
public final class SimulatedReader implements BadgeReader {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedReader.class);

    private final String name;
    private final Clock clock;
    private final BlockingQueue<ReaderEvent> queue = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> feeders = new CopyOnWriteArrayList<>();
    private Thread dispatcher;
    private volatile boolean closed;

    /** @param id a short name; the reader is called {@code "sim:" + id} */
    public SimulatedReader(String id, Clock clock) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("simulated reader needs a name");
        }
        this.name = SimDriver.NAME + ":" + id;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(ReaderListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (dispatcher != null) {
            throw new IllegalStateException(name + " already started");
        }
        dispatcher = ReaderThreads.startDaemon("rounds-sim-reader-" + name, () -> dispatch(listener));
    }

    /** A badge with this id is presented. */
    public void tap(String id) {
        Objects.requireNonNull(id, "id");
        Credential credential = new Credential(Credential.Technology.SIMULATED,
                id.getBytes(StandardCharsets.UTF_8), id);
        offer(new ReaderEvent.BadgePresented(name, credential, clock.instant()));
    }

    /** The badge is taken away. */
    public void remove() {
        offer(new ReaderEvent.BadgeRemoved(name, clock.instant()));
    }

    /** Reports a one-line error as a {@link ReaderEvent.ReaderError}, in order with the rest. */
    void reportError(String message) {
        LOG.warn("{}: {}", name, message);
        offer(new ReaderEvent.ReaderError(name, message, clock.instant()));
    }

    /**
     * Reads commands from {@code in} (e.g. {@code System.in}) on a feeder thread until it ends.
     * {@link #close} closes {@code in}; a read blocked on a terminal cannot be interrupted, so
     * for stdin the (daemon) feeder may outlive close until the next line arrives, delivering
     * nothing more.
     */
    public void listen(InputStream in, String source) {
        checkOpen();
        feeders.add(new LineFeeder(in, this, source).start());
    }

    /**
     * Accepts loopback TCP clients on {@code port} (0 = any free port), each speaking the text
     * protocol. Returns the bound port.
     */
    public int listenOnLoopback(int port) throws IOException {
        checkOpen();
        ServerSocket server = new ServerSocket(port, 4, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> acceptLoop(server), "rounds-sim-accept-" + name);
        acceptor.setDaemon(true);
        feeders.add(() -> {
            server.close();
            acceptor.join(2000);
        });
        acceptor.start();
        return server.getLocalPort();
    }

    private void acceptLoop(ServerSocket server) {
        int clients = 0;
        while (!closed && !server.isClosed()) {
            try {
                Socket client = server.accept();
                clients++;
                LineFeeder feeder = new LineFeeder(client.getInputStream(), this, "tcp#" + clients);
                feeders.add(feeder.start());
                if (closed) {
                    feeder.close();   // accepted while close() was running
                }
            } catch (IOException e) {
                if (!server.isClosed()) {
                    reportError("loopback listener failed: " + e.getMessage());
                }
                return;
            }
        }
    }

    private void offer(ReaderEvent event) {
        checkOpen();
        queue.add(event);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private void dispatch(ReaderListener listener) {
        while (!closed) {
            ReaderEvent event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            ReaderThreads.deliver(listener, event);
        }
    }

    /** Stops the feeders and the dispatcher; returns once no more events will be delivered. */
    @Override
    public void close() {
        Thread toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = dispatcher;
        }
        for (AutoCloseable feeder : feeders) {
            try {
                feeder.close();
            } catch (Exception e) {
                LOG.debug("{}: closing a feeder: {}", name, e.toString());
            }
        }
        ReaderThreads.stop(toStop, true);
    }

    @Override
    public String toString() {
        return name;
    }
}
