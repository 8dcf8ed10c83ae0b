package org.rounds.broker.hosts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.api.HostMessage;

/**
 * The desktop hosts' control channels this broker holds ({@value BrokerApi#HOST_CONTROL}), and
 * the way the broker tells such a host to admit a credential, cut viewers or end a desktop. Each
 * command waits for the host's Reply at most its deadline; a host without a channel here, a
 * channel that closes meanwhile, a late answer or a refusal is a {@link HostCommandException}
 * (one line). A host holds one channel: a second one from the same host replaces the first.
 *
 * <p>Hosts whose channel another broker holds are reached through that broker (the registry's
 * {@link HostState#channelBroker}); this class knows only its own.
 */
public final class HostChannels implements AutoCloseable {
    /** How long an Admit may take: starting an Xvnc session and its first application takes a second or two. */
    public static final Duration ADMIT_WAIT = Duration.ofSeconds(10);
    /** Disconnect and Logoff only cut connections and end processes. */
    public static final Duration COMMAND_WAIT = Duration.ofSeconds(5);
    /** How long a new channel may stay open without the host's hello (5 s): a host says it at once. */
    public static final Duration HELLO_WAIT = HostControlRoute.Limits.DEFAULT.helloWait();

    private final Map<String, HostChannel> byHost = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final HostControlRoute route;

    /**
     * {@code registry} records what hosts say here; {@code check} maps a client certificate to its
     * host; {@code brokerId} is this broker's id among those sharing the store.
     */
    public HostChannels(HostRegistry registry, HostCertificateCheck check, String brokerId, Clock clock, ObjectMapper json) {
        this(registry, check, brokerId, clock, json, HostControlRoute.Limits.DEFAULT);
    }

    /** As above, closing a channel without a hello after {@code helloWait} instead of {@link #HELLO_WAIT} (tests shorten it). */
    public HostChannels(HostRegistry registry, HostCertificateCheck check, String brokerId, Clock clock, ObjectMapper json,
                        Duration helloWait) {
        this(registry, check, brokerId, clock, json, HostControlRoute.Limits.DEFAULT.withHelloWait(helloWait));
    }

    HostChannels(HostRegistry registry, HostCertificateCheck check, String brokerId, Clock clock, ObjectMapper json,
                 HostControlRoute.Limits limits) {
        this.route = new HostControlRoute(registry, check, brokerId, clock, json, limits, byHost);
    }

    /** Serves {@value BrokerApi#HOST_CONTROL} on {@code app} (an HTTPS broker asking for client certificates). */
    public void register(Javalin app) {
        route.register(app);
    }

    /**
     * Starts the user's desktop on {@code host} if none runs, cuts its earlier viewers, and lets
     * {@code password} admit one viewer; returns once the host says the password admits.
     */
    public void admit(String host, String userId, String displayName, String password) {
        command(host, new HostMessage.Admit(nextId(), userId, displayName, password), ADMIT_WAIT);
    }

    /** Revokes the user's credentials on {@code host} and cuts its viewers; the desktop keeps running. */
    public void disconnect(String host, String userId) {
        command(host, new HostMessage.Disconnect(nextId(), userId), COMMAND_WAIT);
    }

    /** Ends the user's desktop on {@code host}. */
    public void logoff(String host, String userId) {
        command(host, new HostMessage.Logoff(nextId(), userId), COMMAND_WAIT);
    }

    /**
     * A command with the caller's own id (a placement's, or one relayed from another broker) to
     * {@code host}: empty when this broker holds no channel to it; else the host's Reply under
     * the caller's id, a failed one naming why (one line) when the channel closes first or
     * {@code wait} passes. Never throws. (The shape of {@code takeover.HostRelay.Here}.)
     */
    public Optional<HostMessage.Reply> send(String host, HostMessage.Command command, Duration wait) {
        if (!byHost.containsKey(host)) return Optional.empty();
        String theirs = command.id();
        try {
            command(host, command.withId(nextId()), wait);   // ids from elsewhere need not be unique on this channel
            return Optional.of(new HostMessage.Reply(theirs, true, ""));
        } catch (HostCommandException e) {
            return Optional.of(new HostMessage.Reply(theirs, false, e.getMessage()));
        }
    }

    /** Whether this broker holds {@code host}'s channel now (it said hello and has not closed). */
    public boolean holds(String host) {
        HostChannel c = byHost.get(host);
        return c != null && c.open();
    }

    /** The hosts whose channels this broker holds now. */
    public Set<String> hosts() {
        return Set.copyOf(byHost.keySet());
    }

    /** Control-channel sockets open on this broker, said hello or not. */
    int sockets() {
        return route.sockets();
    }

    /** Sends {@code command} and waits at most {@code wait} for a successful Reply. */
    void command(String host, HostMessage.Command command, Duration wait) {
        HostChannel c = Optional.ofNullable(byHost.get(host)).orElseThrow(() -> new HostCommandException(
                "desktop host " + host + " has no control channel on this broker"));
        String id = command.id();
        HostMessage.Reply reply;
        try {
            reply = c.send(id, command).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            c.forget(id);
            throw new HostCommandException("desktop host " + host + " did not answer " + kind(command) + " within "
                    + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof HostCommandException h ? h : new HostCommandException(e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.forget(id);
            throw new HostCommandException("interrupted while waiting for desktop host " + host);
        }
        if (!reply.ok())
            throw new HostCommandException("desktop host " + host + " refused " + kind(command) + ": " + reply.error().replaceAll("\\s+", " "));
    }

    private String nextId() {
        return Long.toString(ids.incrementAndGet());
    }

    private static String kind(HostMessage m) {
        return m.getClass().getSimpleName().toLowerCase();
    }

    /** Closes every channel (the broker is stopping); each host joins another broker. */
    @Override
    public void close() {
        route.close();
    }
}
