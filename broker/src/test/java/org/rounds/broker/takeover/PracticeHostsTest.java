package org.rounds.broker.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.api.TapDecision;
import org.rounds.broker.api.TapRequest;
import org.rounds.broker.auth.AuthPolicy;
import org.rounds.broker.auth.BadgeKey;
import org.rounds.broker.store.Database;
import org.rounds.broker.store.Directory;
import org.rounds.broker.store.EnrolledName;
import org.rounds.broker.store.HostKey;
import org.rounds.broker.store.Hosts;
import org.rounds.broker.store.Tenant;
import org.rounds.broker.store.Tenants;
import org.rounds.broker.store.Tx;

/**
 * Desktop hosts per practice with the real store (H2): the default practice and practice A each
 * have a host named dh-1, up, and a user "nurse" with the same badge. Each practice's taps are
 * placed on its own dh-1, whose channel is named by its practice, and a practice without a host
 * up gets none of another's.
 */
@Tag("unit")
class PracticeHostsTest {
    static final Tenant A = new Tenant("practice-a"), B = new Tenant("practice-b");
    static final String BADGE = "0412345678";
    private final Clock clock = Clock.systemUTC();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private Database db;
    private BadgeKey key;
    private TapService taps;

    @BeforeEach
    void setUp() throws Exception {
        db = Database.inMemory();
        key = BadgeKey.ephemeral();
        Hosts hosts = new Hosts(db);
        Instant now = clock.instant();
        new Tenants(db).add(A, now, "test");
        new Tenants(db).add(B, now, "test");
        for (Tenant t : List.of(Tenant.DEFAULT, A)) {
            String code = hosts.add(t, "dh-1", "", now, "test");
            Tx.asService(db, "test", c -> {
                EnrolledName n = Hosts.redeemNamed(c, code, now).orElseThrow();
                Hosts.issued(c, n.tenant(), n.name(), t.isDefault() ? "0d01" : "0a01", now, now.plus(Duration.ofDays(1)));
                return null;
            });
            String address = t.isDefault() ? "10.0.0.21:5900" : "10.0.0.31:5900";
            hosts.hello(HostKey.of(t, "dh-1"), new HostMessage.Hello("embedded", address, (t.isDefault() ? "d" : "a").repeat(64), 10, "",
                    List.of()), "single", now);
        }
        for (Tenant t : List.of(Tenant.DEFAULT, A, B)) {
            Directory d = new Directory(db).in(t);
            d.enroll("nurse", "Nurse of " + t, key.forTenant(t).hmac(BADGE), now);
            d.registerEndpoint("cart-1", "cart", "Ward", now);
        }
        HostRelay relay = new HostRelay((host, command, wait) -> {
            sent.add(host + " " + command.getClass().getSimpleName().toLowerCase() + " " + command.userId());
            return Optional.of(new HostMessage.Reply(command.id(), true, ""));
        }, Cluster.SINGLE);
        taps = new TapService(db, key, new HostTierDesktops(hosts, relay, clock), new Fakes.Push(new Fakes.Journal()), clock,
                new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), AuthPolicy.DEFAULT, Cluster.SINGLE,
                SessionReliability.RECONNECT_WINDOW);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void eachPracticesTapsArePlacedOnItsOwnHostOfTheName() throws Exception {
        TapDecision a = taps.tap(A, new TapRequest("cart-1", BADGE, "t-1"), "cert:a");
        TapDecision d = taps.tap(Tenant.DEFAULT, new TapRequest("cart-1", BADGE, "t-1"), "cert:d");

        assertThat(a).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.desktop().host()).isEqualTo("10.0.0.31"));
        assertThat(d).isInstanceOfSatisfying(TapDecision.Connect.class, c -> assertThat(c.desktop().host()).isEqualTo("10.0.0.21"));
        assertThat(sent).containsExactly("practice-a/dh-1 admit nurse", "dh-1 admit nurse");
    }

    @Test
    void aPracticeWithoutAHostUpGetsNoneOfAnothers() throws Exception {
        TapDecision b = taps.tap(B, new TapRequest("cart-1", BADGE, "t-1"), "cert:b");

        assertThat(b).isInstanceOf(TapDecision.Denied.class);
        assertThat(sent).isEmpty();
    }
}
