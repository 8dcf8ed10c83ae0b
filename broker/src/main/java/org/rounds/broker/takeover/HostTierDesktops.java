package org.rounds.broker.takeover;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.hosts.HostCommands;
import org.rounds.broker.hosts.HostPlacement;
import org.rounds.broker.hosts.HostRegistry;
import org.rounds.broker.hosts.HostState;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Sessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Desktops on enrolled desktop hosts ({@code rounds broker --desktops hosts}). The broker places
 * a user's desktop on a host ({@link HostPlacement}), then, over the host's control channel, has
 * the host cut the desktop's earlier viewers and admit one new viewer with a password chosen
 * here. The endpoint gets the host's advertised address and certificate pin. A broker holds no
 * desktop, so a broker that dies ends none; a host that dies sends its users elsewhere on their
 * next tap.
 */
public final class HostTierDesktops implements SessionDesktops {
    private static final Logger log = LoggerFactory.getLogger(HostTierDesktops.class);
    /** How long a hand-over waits for the host's answer before the tap is refused ("tap again"). */
    static final Duration ADMIT_WAIT = Duration.ofSeconds(5);
    /** How long a hand-over waits for a host that lost its broker to join another (hosts fail over within about a second). */
    static final Duration FAILOVER_WAIT = Duration.ofMillis(1000);
    /** Disconnects and logoffs are best effort: a host that is gone has no viewer left to cut. */
    static final Duration CUT_WAIT = Duration.ofSeconds(2);
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final HostRegistry registry;
    private final HostCommands commands;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public HostTierDesktops(HostRegistry registry, HostCommands commands, Clock clock) {
        this.registry = registry;
        this.commands = commands;
        this.clock = clock;
    }

    @Override
    public DesktopAddress handOver(DesktopStore store, Sessions.Row s, String displayName, String endpointId, Placement placement)
            throws SQLException {
        boolean mayPlace = placement == Placement.MAY_PLACE;
        String site = store.read(c -> Directory.siteOf(c, endpointId));
        List<HostState> hosts = store.read(c -> registry.hosts(c, clock.instant()));
        Optional<String> placed = s.desktopHost();
        // At most twice: a host the store still thinks up may fail to answer; a tap then places the desktop afresh.
        for (int attempt = 0; ; attempt++) {
            List<HostState> candidates = hosts;
            Optional<String> where = placed;
            HostPlacement.Choice choice = HostPlacement.choose(candidates, where, site, mayPlace)
                    .orElseThrow(() -> new DesktopUnavailable(HostPlacement.refusal(candidates, where, mayPlace)));
            HostState host = choice.host();
            if (placed.isPresent() && !placed.get().equals(host.name()))
                log.info("desktop of user {} was on host {}, which is down: placing it afresh on {}", s.userId(), placed.get(), host.name());
            String password = password();
            HostMessage.Admit admit = new HostMessage.Admit(UUID.randomUUID().toString(), s.userId(), displayName, password);
            HostMessage.Reply reply = commands.send(host, admit, ADMIT_WAIT);
            if (!reply.ok()) reply = afterFailover(store, host, admit, reply);
            if (reply.ok()) {
                boolean fresh = choice.fresh();
                store.write(c -> {
                    Sessions.placedOn(c, s.userId(), host.name());
                    if (fresh) countPlacement(c, host.name());
                    return null;
                });
                return address(host, password);
            }
            log.warn("host {} did not admit a viewer of user {}: {}", host.name(), s.userId(), reply.error());
            if (attempt == 1 || !mayPlace) {
                throw new DesktopUnavailable(choice.fresh() ? "the desktop could not be started on host " + host.name() + ": tap again"
                        : HostPlacement.HOST_LOST);
            }
            // the others as they are now (the first read may be seconds old), this one as if down
            hosts = store.read(c -> registry.hosts(c, clock.instant())).stream().filter(h -> !h.name().equals(host.name())).toList();
            placed = Optional.of(host.name());
        }
    }

    /**
     * A host moving its channel to another broker (its broker stopped) is out of reach for under a
     * second: wait up to {@link #FAILOVER_WAIT} (within the endpoint's 2 s for a tap) for its next channel and send again, rather than
     * refuse a tap or move a desktop during a rolling upgrade. A host that is gone never comes back
     * within it, and is passed over then.
     */
    private HostMessage.Reply afterFailover(DesktopStore store, HostState tried, HostMessage.Admit admit, HostMessage.Reply failed)
            throws SQLException {
        if (failed.error().contains(" refused ")) return failed;   // the host itself answered (full, cannot start it)
        long deadline = System.nanoTime() + FAILOVER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<HostState> now = hosts(store).stream().filter(h -> h.name().equals(tried.name())).findFirst();
            if (now.isEmpty() || now.get().state().equals("down")) return failed;
            if (now.get().channelBroker().isPresent() && !now.get().channelBroker().equals(tried.channelBroker())) {
                return commands.send(now.get(), admit, ADMIT_WAIT);
            }
            try {
                Thread.sleep(100);   // the host's hello on another broker is a row this broker can only poll
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failed;
            }
        }
        return failed;
    }

    @Override
    public void disconnect(DesktopStore store, Sessions.Row s) {
        onHost(store, s, id -> new HostMessage.Disconnect(id, s.userId()));
    }

    @Override
    public void logoff(Connection c, Sessions.Row s) {
        onHost(DesktopStore.within(c), s, id -> new HostMessage.Logoff(id, s.userId()));
    }

    @Override
    public boolean lost(Connection c, Sessions.Row s) {
        if (s.desktopHost().isEmpty()) return false;
        // no channel to any broker counts too: a tap then reaches the same desktop, or a new one if the host is gone
        return hosts(DesktopStore.within(c)).stream().noneMatch(h -> h.name().equals(s.desktopHost().get()) && !h.state().equals("down")
                && h.channelBroker().isPresent());
    }

    /** The hosts tell their viewers' comings and goings only in heartbeats, which the broker does not keep per desktop. */
    @Override
    public Optional<Instant> vacantSince(Sessions.Row s) {
        return Optional.empty();
    }

    private void onHost(DesktopStore store, Sessions.Row s, java.util.function.Function<String, HostMessage.Command> command) {
        if (s.desktopHost().isEmpty()) return;
        Optional<HostState> host = hosts(store).stream().filter(h -> h.name().equals(s.desktopHost().get())).findFirst();
        if (host.isEmpty() || host.get().state().equals("down")) return;   // a host that is gone has no viewer left
        HostMessage.Reply r = commands.send(host.get(), command.apply(UUID.randomUUID().toString()), CUT_WAIT);
        if (!r.ok()) log.warn("host {} did not answer for the desktop of user {}: {}", host.get().name(), s.userId(), r.error());
    }

    /** The hosts as {@code store} reads them (within a caller's transaction: no second pool connection while it holds one). */
    private List<HostState> hosts(DesktopStore store) {
        try {
            return store.read(c -> registry.hosts(c, clock.instant()));
        } catch (SQLException e) {
            throw new IllegalStateException("listing hosts: " + e.getMessage(), e);
        }
    }

    /**
     * The new desktop counts at once, so that a burst of first taps spreads over the hosts
     * before their next heartbeats say how loaded they are.
     */
    private static void countPlacement(Connection c, String host) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE hosts SET sessions = sessions + 1 WHERE tenant_id = ? AND name = ?")) {
            ps.setString(1, org.rounds.broker.store.Tx.tenant(c).name());   // the placing practice's host, never another's of that name
            ps.setString(2, org.rounds.broker.store.HostKey.name(host));   // the row's name: hosts are listed by their HostKey
            ps.executeUpdate();
        }
    }

    static DesktopAddress address(HostState host, String password) {
        String a = host.address();
        int colon = a.lastIndexOf(':');
        if (colon <= 0) throw new DesktopUnavailable("host " + host.name() + " advertises no usable address (\"" + a + "\"): tap again");
        String name = a.substring(0, colon);
        if (name.startsWith("[") && name.endsWith("]")) name = name.substring(1, name.length() - 1);
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new DesktopUnavailable("host " + host.name() + " advertises no usable address (\"" + a + "\"): tap again");
        }
        return new DesktopAddress(name, port, password, host.pin());
    }

    private String password() {
        char[] p = new char[8];   // VNC authentication uses 8 bytes; single use, 60 s, and the port counts wrong guesses
        for (int i = 0; i < p.length; i++) p[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        return new String(p);
    }
}
