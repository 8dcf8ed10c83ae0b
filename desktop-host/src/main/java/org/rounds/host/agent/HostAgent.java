package org.rounds.host.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rounds.broker.api.DesktopPool;
import org.rounds.broker.api.HostMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A desktop host's side of its brokers: it holds ONE control channel ({@link ControlChannel}) to
 * any live broker of {@code --join}, in turn, and drives its {@link DesktopPool} with what the
 * broker says. When the channel closes or cannot open it joins the next broker at once, pausing
 * only after failures (50 ms doubling to at most {@value #MAX_PAUSE_MS} ms), so a broker's death
 * is a sub-second hop, as endpoints fail over. The pool is not the agent's: a broker dying ends
 * no desktop, and the next broker hears them all in the host's hello.
 *
 * <p>The host must be enrolled first ({@link HostEnrolment#ensure}).
 */
public final class HostAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostAgent.class);
    static final long MAX_PAUSE_MS = 1000;
    /**
     * How long connecting to a broker (TCP and TLS: the JDK counts both) may take before the next
     * is tried. A broker whose process died is refused at once; one whose machine vanished costs
     * this. A cold JVM's first TLS handshake took more than a second on a loaded two-core machine.
     */
    static final Duration CONNECT_WAIT = Duration.ofSeconds(2);
    /**
     * How long a reachable broker has for the TLS and WebSocket handshakes and its welcome: a first
     * handshake on a loaded two-core machine took more than a second.
     */
    static final Duration OPEN_WAIT = Duration.ofSeconds(5);

    /**
     * @param brokers  the --join URLs (https), tried in this order and round again
     * @param brokerCa the CA the brokers' certificates must chain to (--broker-ca)
     * @param files    the enrolled host's key and certificate (--data)
     * @param provider embedded, xvnc or static
     * @param address  HOST:PORT where endpoints reach the desktop port (--advertise)
     * @param capacity sessions this host runs at most
     * @param site     the host's site ("" for none)
     */
    public record Settings(List<URI> brokers, Path brokerCa, HostFiles files, String provider, String address, int capacity, String site) {
        public Settings {
            brokers = List.copyOf(brokers);
            if (brokers.isEmpty()) throw new HostAgentException("--join names no broker: give --join https://BROKER:PORT[,...]");
            brokers.forEach(ControlChannel::controlUri);   // every URL checked now, not at its turn
            Objects.requireNonNull(brokerCa, "brokerCa");
            Objects.requireNonNull(files, "files");
            Objects.requireNonNull(provider, "provider");
            if (address == null || !address.matches("[^\\s:]+:\\d{1,5}|\\[[0-9a-fA-F:.]+\\]:\\d{1,5}"))
                throw new HostAgentException("--advertise \"" + address + "\" is not HOST:PORT");
            if (capacity < 1) throw new HostAgentException("--capacity " + capacity + " must be 1 or more");
            site = site == null ? "" : site;
        }
    }

    private final Settings settings;
    private final DesktopPool pool;
    private final Consumer<String> say;
    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final PoolCommands commands;
    private final String name;
    private final String pin;
    private final HttpClient client;
    /** Commands wait mostly on desktops starting (an Xvnc and its first application): a burst of first taps must not queue behind four. */
    private final ExecutorService workers = Executors.newFixedThreadPool(16, daemon("rounds-host-command"));
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("rounds-host-heartbeat"));
    private final Thread loop;
    private volatile ControlChannel current;
    private final java.util.Map<URI, String> lastFailure = new java.util.HashMap<>();   // the loop thread's only
    private volatile boolean closed;

    /**
     * An agent for the enrolled host in {@code settings.files()}, driving {@code pool}; {@code say}
     * hears the one line per join (which broker). Call {@link #start}.
     */
    public HostAgent(Settings settings, DesktopPool pool, Consumer<String> say) {
        this.settings = settings;
        this.pool = Objects.requireNonNull(pool, "pool");
        this.say = Objects.requireNonNull(say, "say");
        if (!settings.files().enrolled())
            throw new HostAgentException("this host is not enrolled (no " + settings.files().certificate() + "): start it once with --enrol-code");
        this.name = HostEnrolment.name(settings.files());
        this.pin = HostTls.pin(HostTls.certificate(settings.files().certificate()));
        this.client = HttpClient.newBuilder().sslContext(HostTls.mutual(settings.files(), settings.brokerCa()))
                .connectTimeout(CONNECT_WAIT).build();
        this.commands = new PoolCommands(pool, settings.provider(), settings.capacity());
        this.loop = new Thread(this::run, "rounds-host-agent");
        loop.setDaemon(true);
    }

    public void start() {
        loop.start();
    }

    /** The host's name, from its certificate. */
    public String name() { return name; }

    /** The SHA-256 pin of the host certificate (the desktop port presents it). */
    public String pin() { return pin; }

    /** The broker whose channel the host holds now (welcomed and not yet closed). */
    public Optional<URI> joined() {
        ControlChannel c = current;
        return c == null || c.ended().isDone() ? Optional.empty() : Optional.of(c.broker());
    }

    private void run() {
        List<URI> brokers = settings.brokers();
        int next = 0, failures = 0;
        while (!closed) {
            URI broker = brokers.get(next);
            next = (next + 1) % brokers.size();
            try {
                ControlChannel c = ControlChannel.open(broker, client, json, commands, workers, timer, hello(), this::heartbeat, OPEN_WAIT);
                current = c;
                if (closed) {
                    c.close();
                    break;
                }
                failures = 0;
                lastFailure.remove(broker);
                say.accept("desktop host " + name + " joined broker " + broker);
                String why = c.ended().join();
                if (!closed) log.warn("control channel to broker {} ended: {}; joining the next broker", broker, why);
            } catch (Exception e) {
                if (closed) break;
                failures++;
                String why = BrokerFailure.describe(broker, settings.brokerCa().toString(), e);
                // once per broker and reason: a host waiting for its brokers does not log a line a second
                if (!why.equals(lastFailure.put(broker, why))) log.warn("{}; trying the next broker", why);
                else log.debug("{}; trying the next broker", why);
            }
            pause(failures);
        }
    }

    /** No pause after a channel that worked; after failures 50 ms, doubling, at most {@value #MAX_PAUSE_MS} ms. */
    static long pauseMillis(int failures) {
        return failures == 0 ? 0 : Math.min(MAX_PAUSE_MS, 50L << Math.min(failures - 1, 5));
    }

    private void pause(int failures) {
        long ms = pauseMillis(failures);
        if (ms == 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private HostMessage.Hello hello() {
        return new HostMessage.Hello(settings.provider(), settings.address(), pin, settings.capacity(), settings.site(), commands.desktops());
    }

    private HostMessage.Heartbeat heartbeat() {
        return new HostMessage.Heartbeat(settings.capacity(), true, commands.desktops());
    }

    /** Closes the channel (saying goodbye); the pool is the caller's to close, after this. */
    @Override
    public void close() {
        closed = true;
        ControlChannel c = current;
        if (c != null) c.close();
        loop.interrupt();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        timer.shutdownNow();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
