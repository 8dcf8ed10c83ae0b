package org.rounds.broker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rounds.broker.api.HostMessage;
import org.rounds.broker.hosts.HostState;
import org.rounds.broker.takeover.Rows;

/**
 * {@link Hosts} on every store: enrolment codes kept only hashed and used once, what a host says
 * on its control channel, and the state every broker computes from it with a moving clock.
 */
abstract class HostsContract {
    private static final String PIN = "ab".repeat(32);
    private Database db;
    private Hosts hosts;
    private Instant now = Instant.parse("2026-12-06T08:00:00Z");

    abstract Database openDatabase();

    @BeforeEach
    void open() {
        db = openDatabase();
        hosts = new Hosts(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Optional<String> redeem(String code) throws Exception {
        return Tx.run(db, c -> Hosts.redeem(c, code, now));
    }

    /** Adds the host and uses its code, with a certificate of {@code serial}: an enrolled host that has not spoken yet. */
    private void enrolled(String name, String serial) throws Exception {
        String code = hosts.add(name, "north", now, "local:test");
        Optional<String> host = Tx.run(db, c -> {
            Optional<String> redeemed = Hosts.redeem(c, code, now);
            Hosts.issued(c, redeemed.orElseThrow(), serial, now, now.plus(Duration.ofDays(365)));
            return redeemed;
        });
        assertThat(host).contains(name);
    }

    private HostState state(String name) {
        return hosts.hosts(now).stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }

    private static HostMessage.Hello hello(String site, int desktops) {
        return new HostMessage.Hello("xvnc", "10.20.0.11:5901", PIN, 8, site,
                java.util.Collections.nCopies(desktops, new HostMessage.Desktop("nurse", true, 0)));
    }

    /** Practice A's host dh-1 and the default practice's dh-1 are two hosts: each speaks, is placed on and listed in its own practice only. */
    @Test
    void twoPracticesHostsOfOneNameAreTwoHostsEachSeenInItsOwnPracticeOnly() throws Exception {
        Tenant a = new Tenant("practice-a");
        new Tenants(db).add(a, now, "test");
        for (Tenant t : java.util.List.of(Tenant.DEFAULT, a)) {
            String code = hosts.add(t, "dh-1", "north", now, "local:test");
            EnrolledName named = Tx.asService(db, "test", c -> {
                EnrolledName n = Hosts.redeemNamed(c, code, now).orElseThrow();
                Hosts.issued(c, n.tenant(), n.name(), t.isDefault() ? "0d01" : "0a01", now, now.plus(Duration.ofDays(365)));
                return n;
            });
            assertThat(named).isEqualTo(new EnrolledName(t, "dh-1"));
        }
        assertThat(hosts.enrolledHost("0a01")).contains("practice-a/dh-1");
        assertThat(hosts.enrolledHost("0d01")).contains("dh-1");

        hosts.hello("practice-a/dh-1", hello("north", 1), "broker-1", now);

        assertThat(state("dh-1").state()).as("the default practice's dh-1 has not spoken").isEqualTo("down");
        java.util.List<HostState> inA = Tx.run(db, a, c -> hosts.hosts(c, now));
        assertThat(inA).extracting(HostState::name, HostState::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("practice-a/dh-1", "up"));
        assertThat(hosts.strays("practice-a/dh-1", java.util.List.of("nurse"), now)).as("A's nurse is placed nowhere else").isEmpty();
    }

    @Test
    void aCodeIsKeptOnlyAsItsHashWorksOnceAndAReAddOfARevokedHostIssuesANewOne() throws Exception {
        String first = hosts.add("host-a", "north", now, "alice");
        String code = hosts.add("host-a", "north", now, "alice");
        assertThat(code).matches("[A-Z2-9]{26}").isNotEqualTo(first);
        assertThat(redeem(first)).as("a re-add of a pending host replaces its code").isEmpty();
        Map<String, String> row = Rows.all(db, "hosts").get(0);
        assertThat(row).containsEntry("name", "host-a").containsEntry("site", "north").containsEntry("status", "pending");
        assertThat(row.get("code_hash")).hasSize(64);
        assertThat(row.values()).noneMatch(v -> v != null && v.toUpperCase().contains(code));
        assertThat(state("host-a").state()).as("pending: no channel").isEqualTo("down");

        assertThat(redeem(code.toLowerCase())).as("case does not matter").contains("host-a");
        assertThat(redeem(code)).as("used").isEmpty();
        assertThat(Rows.all(db, "hosts").get(0)).containsEntry("status", "enrolled").containsEntry("code_hash", null);

        assertThat(hosts.revoke("host-a", now, "alice")).isTrue();
        String again = hosts.add("host-a", "south", now, "alice");
        assertThat(again).isNotEqualTo(code);
        assertThat(Rows.all(db, "hosts").get(0)).containsEntry("status", "pending").containsEntry("site", "south");
        assertThat(redeem(code)).isEmpty();
        assertThat(redeem(again)).contains("host-a");
        assertThat(Rows.all(db, "audit")).extracting(r -> r.get("kind"))
                .containsSubsequence("host-added", "host-revoked", "host-added");
        assertThat(Rows.all(db, "audit")).extracting(r -> r.get("detail")).noneMatch(d -> d.contains(code) || d.contains(again));
    }

    @Test
    void anExpiredCodeIsRefusedAndStaysPending() throws Exception {
        String code = hosts.add("host-late", "", now, "alice");
        now = now.plus(Duration.ofHours(24));
        assertThat(redeem(code)).isEmpty();
        assertThat(Rows.all(db, "hosts").get(0)).containsEntry("status", "pending");
        now = now.minusSeconds(1);
        assertThat(redeem(code)).as("a second before").contains("host-late");
    }

    @Test
    void aHostIsUpAfterHelloDownWithoutHeartbeatsAndDrainingWhenDrained() throws Exception {
        enrolled("host-a", "0a1b2c");
        HostState before = state("host-a");
        assertThat(before.state()).isEqualTo("down");
        assertThat(before.address()).isEmpty();
        assertThat(before.lastHeartbeat()).isEmpty();

        hosts.hello("host-a", hello("", 2), "broker-1", now);
        HostState up = state("host-a");
        assertThat(up).isEqualTo(new HostState("host-a", "north", "up", "xvnc", "10.20.0.11:5901", PIN, 8, 2,
                Optional.of("broker-1"), Optional.of(now)));
        assertThat(up.placeable()).isTrue();

        now = now.plusMillis(HostMessage.DOWN_AFTER_MILLIS);
        assertThat(state("host-a").state()).as("heartbeat exactly 3.5 s old").isEqualTo("up");
        now = now.plusMillis(1);
        assertThat(state("host-a").state()).as("no heartbeat for longer").isEqualTo("down");
        assertThat(state("host-a").placeable()).isFalse();

        hosts.heartbeat("host-a", new HostMessage.Heartbeat(3, true, List.of(new HostMessage.Desktop("a", true, 0),
                new HostMessage.Desktop("b", false, 1), new HostMessage.Desktop("c", true, 0))), "broker-1", now);
        HostState full = state("host-a");
        assertThat(full.state()).isEqualTo("up");
        assertThat(full.sessions()).isEqualTo(3);
        assertThat(full.capacity()).isEqualTo(3);
        assertThat(full.placeable()).as("full").isFalse();

        assertThat(hosts.drain("host-a", true, now, "alice")).isTrue();
        assertThat(state("host-a").state()).isEqualTo("draining");
        now = now.plusSeconds(10);
        assertThat(state("host-a").state()).as("a drained host that is down is down").isEqualTo("down");
        hosts.heartbeat("host-a", new HostMessage.Heartbeat(8, true, List.of()), "broker-2", now);
        assertThat(state("host-a").state()).isEqualTo("draining");
        assertThat(state("host-a").channelBroker()).contains("broker-2");
        assertThat(hosts.drain("host-a", false, now, "alice")).isTrue();
        assertThat(state("host-a").state()).isEqualTo("up");
        assertThat(state("host-a").placeable()).isTrue();
        assertThat(Rows.all(db, "audit")).filteredOn(r -> r.get("kind").startsWith("host-"))
                .extracting(r -> r.get("kind") + " by " + r.get("actor"))
                .containsExactly("host-added by local:test", "host-enrolled by null", "host-drained by alice", "host-undrained by alice");
    }

    @Test
    void aHelloSiteReplacesTheAdminsAndAnEmptyOneKeepsIt() throws Exception {
        enrolled("host-a", "01");
        hosts.hello("host-a", hello("", 0), "broker-1", now);
        assertThat(state("host-a").site()).isEqualTo("north");
        hosts.hello("host-a", hello("east", 0), "broker-1", now);
        assertThat(state("host-a").site()).isEqualTo("east");
    }

    @Test
    void aHelloTheStoreCannotHoldIsRefusedInOneLineAndWritesNothing() throws Exception {
        enrolled("host-a", "03");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hosts.hello("host-a",
                        new HostMessage.Hello("docker", "10.20.0.11:5901", PIN, 8, "", List.of()), "broker-1", now))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("hello: provider must be embedded, xvnc or static");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hosts.hello("host-a",
                        new HostMessage.Hello("xvnc", "10.20.0.11:5901", "not-a-pin", 8, "", List.of()), "broker-1", now))
                .hasMessageStartingWith("hello: pin must be");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> hosts.hello("host-a",
                        new HostMessage.Hello("xvnc", "10.20.0.11", PIN, 8, "", List.of()), "broker-1", now))
                .hasMessageStartingWith("hello: address must be HOST:PORT");
        assertThat(state("host-a").state()).isEqualTo("down");
        assertThat(state("host-a").provider()).isEmpty();
    }

    @Test
    void aClosedChannelClearsTheBrokerOnlyWhileItStillNamesIt() throws Exception {
        enrolled("host-a", "02");
        hosts.hello("host-a", hello("", 1), "broker-1", now);
        hosts.hello("host-a", hello("", 1), "broker-2", now);   // the host failed over before broker-1 saw its channel close
        hosts.channelClosed("host-a", "broker-1", now);
        assertThat(state("host-a").state()).isEqualTo("up");
        assertThat(state("host-a").channelBroker()).contains("broker-2");
        hosts.channelClosed("host-a", "broker-2", now);
        assertThat(state("host-a").channelBroker()).isEmpty();
        assertThat(state("host-a").state()).as("failing over: up while its heartbeats are fresh").isEqualTo("up");
        now = now.plusMillis(HostMessage.DOWN_AFTER_MILLIS + 1);
        assertThat(state("host-a").state()).as("no channel and no heartbeat").isEqualTo("down");

        hosts.hello("host-a", hello("", 1), "broker-1", now);
        hosts.stopped("host-a", "broker-2", now);
        assertThat(state("host-a").state()).as("a stop on a channel another broker held changes nothing").isEqualTo("up");
        hosts.stopped("host-a", "broker-1", now);
        assertThat(state("host-a").state()).as("a host that said it stops is down at once").isEqualTo("down");
    }

    @Test
    void aCertificateStandsForItsHostUntilTheHostIsRevokedAndARevokedHostSaysNothing() throws Exception {
        enrolled("host-a", "0A1B");
        enrolled("host-b", "0c");
        assertThat(hosts.enrolledHost("0a1b")).contains("host-a");
        assertThat(hosts.enrolledHost("0A1B")).as("hex in either case").contains("host-a");
        assertThat(hosts.enrolledHost("0d")).isEmpty();
        hosts.hello("host-a", hello("", 0), "broker-1", now);

        assertThat(hosts.revoke("host-a", now, "alice")).isTrue();
        assertThat(hosts.enrolledHost("0a1b")).isEmpty();
        assertThat(hosts.enrolledHost("0c")).contains("host-b");
        assertThat(hosts.hosts(now)).extracting(HostState::name).containsExactly("host-b");
        assertThat(Rows.all(db, "host_certificates")).filteredOn(r -> r.get("host_name").equals("host-a"))
                .allMatch(r -> r.get("revoked_at") != null);
        hosts.heartbeat("host-a", new HostMessage.Heartbeat(8, true, List.of()), "broker-1", now);
        assertThat(Rows.all(db, "hosts")).filteredOn(r -> r.get("name").equals("host-a"))
                .allMatch(r -> r.get("channel_broker") == null && r.get("status").equals("revoked"));

        String code = hosts.add("host-a", "north", now, "alice");
        assertThat(redeem(code)).contains("host-a");
        assertThat(hosts.enrolledHost("0a1b")).as("an old certificate stays revoked after re-enrolment").isEmpty();
    }

    @Test
    void drainUndrainAndRevokeOfAnUnknownHostChangeNothing() throws Exception {
        assertThat(hosts.drain("nope", true, now, "alice")).isFalse();
        assertThat(hosts.drain("nope", false, now, "alice")).isFalse();
        assertThat(hosts.revoke("nope", now, "alice")).isFalse();
        assertThat(Rows.all(db, "hosts")).isEmpty();
        assertThat(Rows.all(db, "audit")).isEmpty();
    }

    @Test
    void aDesktopWhoseUserWasPlacedOnAnotherHostThatIsUpIsAStrayAndNoOtherIs() throws Exception {
        enrolled("host-a", "a1");
        enrolled("host-b", "b1");
        enrolled("host-c", "c1");
        hosts.hello("host-a", hello("", 0), "broker-1", now);
        hosts.hello("host-b", hello("", 0), "broker-1", now);   // host-c never spoke: down
        placed("nurse", "host-b");
        placed("doctor", "host-a");
        placed("clerk", "host-c");
        placed("intern", null);

        assertThat(hosts.strays("host-a", java.util.List.of("nurse", "doctor", "clerk", "intern", "nobody"), now))
                .as("only the nurse has a desktop on another host that is up").containsExactly("nurse");
    }

    private void placed(String user, String host) throws Exception {
        new Directory(db).enroll(user, user, "hmac-" + user, now);
        Tx.run(db, c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO desktop_sessions (user_id, owner_endpoint, generation, "
                    + "state, updated_at, desktop_host) VALUES (?, NULL, 1, 'disconnected', ?, ?)")) {
                ps.setString(1, user);
                ps.setTimestamp(2, java.sql.Timestamp.from(now));
                ps.setString(3, host);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
