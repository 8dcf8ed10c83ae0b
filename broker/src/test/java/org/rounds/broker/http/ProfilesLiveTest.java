package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.takeover.Rows;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.Transition;
import org.rounds.testpeers.Await;

/**
 * Endpoint profiles managed from the centre, end to end: an admin changes a profile over the
 * admin API, the broker pushes it over a real endpoint's push channel, and the endpoint's
 * roaming state machine puts it in force without a restart (its idle lock on the injected
 * clock); an endpoint offline during the change gets the newest version when it connects.
 */
@Tag("unit")
@Timeout(60)
class ProfilesLiveTest {
    static final String BADGE = "0412345678";
    LiveEndpoints world;

    @BeforeEach
    void start() throws Exception {
        world = new LiveEndpoints();
        world.broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    @Test
    void changingTheIdleLockInTheProfileChangesAConnectedEndpointsIdleTimeoutWithoutRestart() throws Exception {
        LiveEndpoints.Endpoint cart = world.endpoint("cart-1").connect();
        assertThat(cart.roaming.idleLock()).isEqualTo(Duration.ofMinutes(5));
        try (SimulatedReader reader = new SimulatedReader("cart-1", world.clock)) {
            reader.start(cart.roaming);
            reader.tap(BADGE);
            assertThat(List.of(cart.next().to(), cart.next().to(), cart.next().to()))
                    .containsExactly(RoamingState.IDENTIFYING, RoamingState.CONNECTING, RoamingState.IN_SESSION);
        }
        world.clock.move(Duration.ofMinutes(2));
        cart.roaming.tick();   // 2 idle minutes of 5: nothing

        long asked = System.nanoTime();
        JsonNode v = world.admin("PUT", "/profiles/default", "{\"idleLockMinutes\": 1}", 200);
        assertThat(v.path("version").asInt()).isEqualTo(1);
        assertThat(v.path("pushedTo").asInt()).isEqualTo(1);
        Await.until(Duration.ofSeconds(2), "cart-1 to put the 1-minute idle lock in force",
                () -> cart.roaming.idleLock().equals(Duration.ofMinutes(1)));
        System.out.printf("profile change in force on the endpoint after %d ms%n", (System.nanoTime() - asked) / 1_000_000);   // a figure, not a goal
        cart.roaming.tick();

        Transition locked = cart.next();
        assertThat(locked.to()).as("the first transition since the session: the new idle lock").isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.IDLE_TIMEOUT, "1 min"));
        assertThat(cart.roaming.appliedProfile()).hasValueSatisfying(p -> {
            assertThat(p.name()).isEqualTo("default");
            assertThat(p.version()).isEqualTo(1);
        });
    }

    @Test
    void anEndpointThatConnectsAfterTheChangesGetsTheNewestVersion() throws Exception {
        world.admin("PUT", "/profiles/default", "{\"idleLockMinutes\": 3}", 200);
        world.admin("PUT", "/profiles/default", "{\"idleLockMinutes\": 7, \"clipboard\": \"off\", \"tapOver\": false, "
                + "\"sameUserTap\": \"log-off\", \"language\": \"fr\"}", 200);
        LiveEndpoints.Endpoint cart = world.endpoint("cart-2");
        assertThat(cart.roaming.appliedProfile()).as("offline: nothing yet").isEmpty();
        assertThat(cart.roaming.idleLock()).isEqualTo(Duration.ofMinutes(5));

        cart.connect();
        Await.until(Duration.ofSeconds(2), "cart-2 to put version 2 in force",
                () -> cart.roaming.appliedProfile().filter(p -> p.version() == 2).isPresent());
        EndpointProfile.Policy p = cart.roaming.profile().policy();
        assertThat(cart.roaming.idleLock()).isEqualTo(Duration.ofMinutes(7));
        assertThat(p.clipboard()).isEqualTo(EndpointProfile.Clipboard.OFF);
        assertThat(p.tapOver()).isFalse();
        assertThat(p.sameUserTap()).isEqualTo(EndpointProfile.SameUserTap.LOG_OFF);
        assertThat(cart.roaming.appliedProfile().get().language()).isEqualTo("fr");
    }

    @Test
    void anAssignedProfileReachesOnlyItsEndpointsAndItsHistoryNamesWhoChangedWhat() throws Exception {
        LiveEndpoints.Endpoint one = world.endpoint("cart-1").connect();
        LiveEndpoints.Endpoint two = world.endpoint("cart-2").connect();
        world.admin("PUT", "/profiles/icu", "{\"idleLockMinutes\": 10, \"brokers\": [\"https://broker-a:8443\", \"https://broker-b:8443\"]}", 200);
        world.clock.move(Duration.ofMinutes(1));
        world.admin("PUT", "/profiles/icu", "{\"idleLockMinutes\": 12}", 200);
        JsonNode assigned = world.admin("POST", "/profiles/icu/assignments", "{\"endpointIds\": [\"cart-1\"]}", 200);
        assertThat(assigned.path("assigned").get(0).asText()).isEqualTo("cart-1");

        Await.until(Duration.ofSeconds(2), "cart-1 to put icu in force",
                () -> one.roaming.appliedProfile().filter(p -> p.name().equals("icu")).isPresent());
        assertThat(one.roaming.idleLock()).isEqualTo(Duration.ofMinutes(12));
        assertThat(one.roaming.appliedProfile().get().brokers()).containsExactly("https://broker-a:8443", "https://broker-b:8443");
        assertThat(two.roaming.appliedProfile()).as("cart-2 has no profile: no default exists").isEmpty();

        JsonNode icu = world.admin("GET", "/profiles/icu", null, 200);
        assertThat(icu.path("version").asInt()).isEqualTo(2);
        assertThat(icu.path("assigned").get(0).asText()).isEqualTo("cart-1");
        assertThat(icu.path("history")).hasSize(2);
        assertThat(icu.path("history").get(0).path("idleLockMinutes").asInt()).isEqualTo(12);
        assertThat(icu.path("history").get(1).path("idleLockMinutes").asInt()).isEqualTo(10);
        assertThat(icu.path("history").get(1).path("brokers")).hasSize(2).as("the second version kept the brokers");
        assertThat(icu.path("history").get(0).path("brokers")).hasSize(2);
        assertThat(icu.path("history").get(0).path("changedBy").asText()).isEqualTo("ops");
        JsonNode list = world.admin("GET", "/profiles", null, 200);
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("endpoints").asInt()).isEqualTo(1);
        assertThat(Rows.all(world.broker.database(), "audit")).filteredOn(r -> "profile-changed".equals(r.get("kind")))
                .extracting(r -> r.get("actor")).containsExactly("ops", "ops");
        assertThat(Rows.all(world.broker.database(), "audit")).filteredOn(r -> "profile-assigned".equals(r.get("kind")))
                .extracting(r -> r.get("endpoint_id")).containsExactly("cart-1");
    }

    @Test
    void aKioskWithoutAnAssignedAccountShowsItsProfilesKioskAccountWhichTakesNoBadge() throws Exception {
        world.admin("PUT", "/users/er-desk", "{\"displayName\": \"Emergency reception\", \"badge\": \"04EEEE0001\"}", 204);
        try (org.rounds.roaming.client.BrokerClient kiosk = org.rounds.roaming.client.BrokerClient.builder()
                .broker(world.broker.baseUrl()).build()) {
            kiosk.register(new EndpointProfile("er-kiosk", EndpointProfile.Kind.KIOSK, "ER").registration());
            org.rounds.broker.api.TapDecision before = kiosk.kioskSession(new org.rounds.broker.api.KioskRequest("er-kiosk", "k-1"));
            assertThat(before).isInstanceOf(org.rounds.broker.api.TapDecision.Denied.class);

            world.admin("PUT", "/profiles/er", "{\"kioskAccount\": \"er-desk\", \"idleLockMinutes\": 0}", 200);
            world.admin("POST", "/profiles/er/assignments", "{\"endpointIds\": [\"er-kiosk\"]}", 200);
            org.rounds.broker.api.TapDecision after = kiosk.kioskSession(new org.rounds.broker.api.KioskRequest("er-kiosk", "k-2"));
            assertThat(after).isInstanceOfSatisfying(org.rounds.broker.api.TapDecision.Connect.class,
                    c -> assertThat(c.userId()).isEqualTo("er-desk"));
        }
        LiveEndpoints.Endpoint cart = world.endpoint("cart-1");
        try (SimulatedReader reader = new SimulatedReader("cart-1", world.clock)) {
            reader.start(cart.roaming);
            reader.tap("04EEEE0001");
            assertThat(cart.next().to()).isEqualTo(RoamingState.IDENTIFYING);
            assertThat(cart.next().reason()).as("a kiosk account never roams to a badge")
                    .isEqualTo(Reason.of(Reason.Kind.DENIED, "er-desk is a kiosk's shared account; it is used only on its kiosk"));
        }
    }

    @Test
    void badValuesAreOneLine400sAndWriteNoVersion() throws Exception {
        List<String[]> bad = List.of(
                new String[] {"{\"idleLockMinutes\": -1}", "idleLockMinutes must be 0..1440 (0: never lock), not -1"},
                new String[] {"{\"idleLockMinutes\": \"ten\"}", "idleLockMinutes must be a whole number of minutes, not \"ten\""},
                new String[] {"{\"language\": \"de\"}", "language must be en or fr, not 'de'"},
                new String[] {"{\"sameUserTap\": \"explode\"}", "sameUserTap must be lock, log-off or nothing, not 'explode'"},
                new String[] {"{\"clipboard\": \"sideways\"}", "clipboard must be off, in, out or both, not 'sideways'"},
                new String[] {"{\"brokers\": [\"ftp://x\"]}", "broker 'ftp://x' is not an http(s)://host[:port] URL"},
                new String[] {"{\"idle\": 3}", "unknown field 'idle'; profile fields are brokers, clipboard, idleLockMinutes, "
                        + "kioskAccount, language, sameUserTap, tapOver"},
                new String[] {"[1]", "the body must be a JSON object of profile fields"},
                new String[] {"{", "malformed profile: "});
        for (String[] b : bad) {
            HttpResponse<String> r = world.call("PUT", BrokerApi.ADMIN + "/profiles/default", world.token, b[0]);
            assertThat(r.statusCode()).as(b[0]).isEqualTo(400);
            String error = world.json.readTree(r.body()).path("error").asText();
            assertThat(error).as(b[0]).startsWith(b[1]).doesNotContain("\n");
        }
        assertThat(world.call("GET", BrokerApi.ADMIN + "/profiles/default", world.token, null).statusCode()).isEqualTo(404);
        String viewer = world.login("vera", AdminRole.VIEWER);
        HttpResponse<String> r = world.call("PUT", BrokerApi.ADMIN + "/profiles/default", viewer, "{\"idleLockMinutes\": 1}");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(world.call("POST", BrokerApi.ADMIN + "/profiles/nope/assignments", world.token, "{\"endpointIds\": [\"cart-9\"]}")
                .statusCode()).as("no such endpoint").isEqualTo(404);
        assertThat(world.admin("GET", "/profiles", null, 200)).isEmpty();
    }
}
