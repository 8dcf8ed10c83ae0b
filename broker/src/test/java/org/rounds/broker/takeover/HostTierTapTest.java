package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.ReconnectRequest;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.hosts.HostRegistry;
import org.rounds.broker.hosts.HostState;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.Tx;

/** Taps decided with desktops on desktop hosts: where they are placed, and what a lost or drained host does. */
@Tag("unit")
class HostTierTapTest {
    private static final String PIN_A = "a".repeat(64), PIN_B = "b".repeat(64), PIN_C = "c".repeat(64);
    private final Clock clock = Clock.systemUTC();
    private final Map<String, HostState> hosts = new ConcurrentHashMap<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private Database db;
    private Directory directory;
    private BadgeKey key;
    private TapService taps;

    @BeforeEach
    void setUp() throws SQLException {
        db = Database.inMemory();
        directory = new Directory(db);
        key = BadgeKey.ephemeral();
        HostRegistry registry = new HostRegistry() {
            @Override public Optional<String> enrolledHost(String serial) { return Optional.empty(); }
            @Override public void hello(String h, HostMessage.Hello m, String b, Instant now) {}
            @Override public void heartbeat(String h, HostMessage.Heartbeat m, String b, Instant now) {}
            @Override public void channelClosed(String h, String b, Instant now) {}
            // a tap holds a pool connection: reading the hosts through a second one let a burst of taps take the whole pool and wait on itself
            @Override public List<HostState> hosts(Instant now) { throw new AssertionError("the hosts read outside the tap's transaction"); }
            @Override public List<HostState> hosts(java.sql.Connection c, Instant now) { return new ArrayList<>(hosts.values()); }
        };
        HostRelay relay = new HostRelay((host, command, wait) -> {
            sent.add(host + " " + command.getClass().getSimpleName().toLowerCase() + " " + command.userId());
            String id = command.id();
            return Optional.of(silent.contains(host) ? new HostMessage.Reply(id, false, "channel closed")
                    : new HostMessage.Reply(id, true, ""));
        }, Cluster.SINGLE);
        taps = new TapService(db, key, new HostTierDesktops(registry, relay, clock), new Fakes.Push(new Fakes.Journal()), clock,
                new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), AuthPolicy.DEFAULT, Cluster.SINGLE,
                SessionReliability.RECONNECT_WINDOW);
        host("host-a", "east", "up", 0, 10, "10.231.7.11:5900", PIN_A);
        host("host-b", "east", "up", 3, 10, "10.231.7.12:5900", PIN_B);
        host("host-c", "west", "up", 0, 10, "10.231.7.13:5900", PIN_C);
        endpoint("cart-1", "east");
        endpoint("cart-2", "east");
        endpoint("cart-w", "west");
        directory.enroll("nurse", "Nurse Amina Diallo", key.hmac("0412345678"), clock.instant());
        directory.enroll("doctor", "Dr Ines Okafor", key.hmac("0499999999"), clock.instant());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void aFirstTapPlacesTheDesktopOnTheLightestHostOfTheEndpointsSiteAndHandsOutItsAddressAndPin() throws Exception {
        TapDecision.Connect c = connect(tap("cart-1", "0412345678"));

        assertThat(c.desktop().host()).isEqualTo("10.231.7.11");
        assertThat(c.desktop().port()).isEqualTo(5900);
        assertThat(c.desktop().pin()).isEqualTo(PIN_A);
        assertThat(sent).containsExactly("host-a admit nurse");
        assertThat(desktopHost("nurse")).isEqualTo("host-a");
    }

    @Test
    void laterTapsReturnToTheSameDesktopEvenWhenAnotherHostIsLighterOrItIsDraining() throws Exception {
        connect(tap("cart-1", "0412345678"));
        host("host-a", "east", "draining", 9, 10, "10.231.7.11:5900", PIN_A);

        TapDecision.Connect again = connect(tap("cart-w", "0412345678"));
        TapDecision.Connect doctor = connect(tap("cart-2", "0499999999"));

        assertThat(again.desktop().pin()).isEqualTo(PIN_A);
        assertThat(doctor.desktop().pin()).as("a draining host takes no new desktop").isEqualTo(PIN_B);
        assertThat(sent).containsExactly("host-a admit nurse", "host-a admit nurse", "host-b admit doctor");
    }

    @Test
    void aSiteWithNoPlaceableHostSendsTheDesktopToAnotherSite() throws Exception {
        host("host-c", "west", "down", 0, 10, "10.231.7.13:5900", PIN_C);

        TapDecision.Connect c = connect(tap("cart-w", "0412345678"));

        assertThat(c.desktop().pin()).isEqualTo(PIN_A);
    }

    @Test
    void aLostHostsUserIsToldOnReconnectAndPlacedAfreshOnTheNextTap() throws Exception {
        TapDecision.Connect first = connect(tap("cart-1", "0412345678"));
        host("host-a", "east", "down", 0, 10, "10.231.7.11:5900", PIN_A);

        TapDecision reconnect = taps.sessions().reconnect(new ReconnectRequest("cart-1", "nurse", first.generation(), first.reconnectToken()));
        TapDecision next = tap("cart-1", "0412345678");

        assertThat(reconnect).isEqualTo(new TapDecision.Denied("desktop host lost: tap again"));
        TapDecision.Connect placed = connect(next);
        assertThat(placed.desktop().pin()).as("the same endpoint's next tap opens a new desktop, no tap-out").isEqualTo(PIN_B);
        assertThat(placed.generation()).isEqualTo(first.generation() + 1);
        assertThat(desktopHost("nurse")).isEqualTo("host-b");
        assertThat(sent).containsExactly("host-a admit nurse", "host-b admit nurse");
    }

    @Test
    void aHostThatFailsToAnswerIsPassedOverAtOnce() throws Exception {
        silent.add("host-a");

        TapDecision.Connect c = connect(tap("cart-1", "0412345678"));

        assertThat(c.desktop().pin()).isEqualTo(PIN_B);
        assertThat(sent).containsExactly("host-a admit nurse", "host-b admit nurse");
    }

    @Test
    void withNoHostUpTheTapIsRefusedInOneLine() throws Exception {
        hosts.replaceAll((n, h) -> state(h, "down"));

        TapDecision d = tap("cart-1", "0412345678");

        assertThat(d).isInstanceOf(TapDecision.Denied.class);
        assertThat(((TapDecision.Denied) d).reason()).isEqualTo(
                "no desktop host can take a new desktop (3 hosts, 0 up and not draining, all full or none): tap again in a minute");
        assertThat(sent).isEmpty();
    }

    private int tapNumber;

    private TapDecision tap(String endpoint, String badge) throws SQLException {
        return taps.tap(new TapRequest(endpoint, badge, "tap-" + (++tapNumber)));
    }

    private static TapDecision.Connect connect(TapDecision d) {
        assertThat(d).isInstanceOf(TapDecision.Connect.class);
        return (TapDecision.Connect) d;
    }

    private void host(String name, String site, String state, int sessions, int capacity, String address, String pin) {
        hosts.put(name, new HostState(name, site, state, "xvnc", address, pin, capacity, sessions, Optional.of("single"),
                Optional.of(clock.instant())));
    }

    private static HostState state(HostState h, String state) {
        return new HostState(h.name(), h.site(), state, h.provider(), h.address(), h.pin(), h.capacity(), h.sessions(),
                h.channelBroker(), h.lastHeartbeat());
    }

    private void endpoint(String id, String site) throws SQLException {
        directory.registerEndpoint(id, "cart", "Ward 4", clock.instant());
        Tx.run(db, c -> {
            try (var ps = c.prepareStatement("INSERT INTO enrolments (endpoint_id, kind, location, status, created_at, site) "
                    + "VALUES (?, 'cart', 'Ward 4', 'enrolled', ?, ?)")) {
                ps.setString(1, id);
                ps.setTimestamp(2, java.sql.Timestamp.from(clock.instant()));
                ps.setString(3, site);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private String desktopHost(String user) throws SQLException {
        return Tx.run(db, c -> {
            try (var ps = c.prepareStatement("SELECT desktop_host FROM desktop_sessions WHERE user_id = ?")) {
                ps.setString(1, user);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }
}
