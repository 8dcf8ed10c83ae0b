package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.takeover.Rows;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.Transition;

/**
 * Tap to enrol on a real endpoint with a simulated reader: the help desk arms cart-1 for a user,
 * the next badge tapped there becomes theirs (as its HMAC; the number appears in no answer, no
 * audit row), the endpoint says "badge enrolled for NAME" and shows no session, and the user's
 * next tap signs in. An arming expires, and an endpoint has one at a time.
 */
@Tag("unit")
@Timeout(60)
class TapToEnrolTest {
    static final String NEW_BADGE = "04A1B2C3D4E5F6";
    LiveEndpoints world;
    LiveEndpoints.Endpoint cart;
    SimulatedReader reader;
    String helpdesk;

    @BeforeEach
    void start() throws Exception {
        world = new LiveEndpoints();
        helpdesk = world.login("hugo", AdminRole.HELPDESK);
        assertThat(world.call("PUT", BrokerApi.ADMIN + "/users/chloe", helpdesk, "{\"displayName\": \"Nurse Chloé Martin\"}")
                .statusCode()).isEqualTo(204);
        cart = world.endpoint("cart-1");
        reader = new SimulatedReader("cart-1", world.clock);
        reader.start(cart.roaming);
    }

    @AfterEach
    void stop() throws Exception {
        reader.close();
        world.close();
    }

    JsonNode arm(String user, String endpoint, int status) throws Exception {
        var r = world.call("POST", BrokerApi.ADMIN + "/users/" + user + "/tap-enrolment", helpdesk, "{\"endpointId\": \"" + endpoint + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return world.json.readTree(r.body());
    }

    JsonNode status(String user) throws Exception {
        return world.json.readTree(world.call("GET", BrokerApi.ADMIN + "/users/" + user + "/tap-enrolment", helpdesk, null).body());
    }

    @Test
    void theNextBadgeTappedOnTheArmedEndpointIsBoundAndThenSignsTheUserIn() throws Exception {
        JsonNode armed = arm("chloe", "cart-1", 201);
        assertThat(armed.path("state").asText()).isEqualTo("armed");
        assertThat(armed.path("expiresAt").asText()).isEqualTo(world.clock.instant().plus(Duration.ofMinutes(2)).toString());

        reader.tap(NEW_BADGE);
        assertThat(cart.next().to()).isEqualTo(RoamingState.IDENTIFYING);
        Transition enrolled = cart.next();
        assertThat(enrolled.to()).as("no session: the endpoint says whose badge it is now").isEqualTo(RoamingState.LOCKED);
        assertThat(enrolled.reason()).isEqualTo(Reason.of(Reason.Kind.BADGE_ENROLLED, "Nurse Chloé Martin"));
        assertThat(enrolled.reason().toString()).isEqualTo("badge enrolled for Nurse Chloé Martin");

        JsonNode bound = status("chloe");
        assertThat(bound.path("state").asText()).isEqualTo("bound");
        assertThat(bound.path("boundAt").asText()).isEqualTo(world.clock.instant().toString());

        reader.tap(NEW_BADGE);
        assertThat(List.of(cart.next().to(), cart.next().to())).containsExactly(RoamingState.IDENTIFYING, RoamingState.CONNECTING);
        Transition in = cart.next();
        assertThat(in.to()).isEqualTo(RoamingState.IN_SESSION);
        assertThat(cart.roaming.currentUserId()).contains("chloe");

        List<Map<String, String>> audit = Rows.all(world.broker.database(), "audit");
        assertThat(audit).extracting(r -> r.get("kind")).contains("tap-enrol-armed", "enroll", "connect");
        assertThat(audit).filteredOn(r -> "tap-enrol-armed".equals(r.get("kind"))).extracting(r -> r.get("actor")).containsExactly("hugo");
        assertThat(audit.toString()).doesNotContain(NEW_BADGE);
        assertThat(bound.toString() + armed).doesNotContain(NEW_BADGE);
    }

    @Test
    void anArmingExpiresAfterTwoMinutesAndTheTapIsThenAnUnknownBadge() throws Exception {
        arm("chloe", "cart-1", 201);
        world.clock.move(Duration.ofMinutes(2));
        assertThat(status("chloe").path("state").asText()).isEqualTo("expired");
        reader.tap(NEW_BADGE);
        assertThat(cart.next().to()).isEqualTo(RoamingState.IDENTIFYING);
        assertThat(cart.next().reason()).isEqualTo(Reason.of(Reason.Kind.UNKNOWN_BADGE));
        assertThat(Rows.all(world.broker.database(), "badges")).isEmpty();
    }

    @Test
    void oneArmingAtATimePerEndpointAndABadgeAlreadySomeonesIsNotTakenFromThem() throws Exception {
        world.broker.enroll("nurse", "Nurse Amina Diallo", "0412345678");
        arm("chloe", "cart-1", 201);
        JsonNode busy = arm("nurse", "cart-1", 409);
        assertThat(busy.path("error").asText()).startsWith("endpoint cart-1 is armed for chloe until ");
        assertThat(arm("chloe", "cart-9", 404).path("error").asText())
                .isEqualTo("no endpoint cart-9 has registered; 'rounds broker endpoints list' shows them");
        assertThat(arm("nobody", "cart-1", 404).path("error").asText()).startsWith("no user nobody;");
        String viewer = world.login("vera", AdminRole.VIEWER);
        assertThat(world.call("POST", BrokerApi.ADMIN + "/users/chloe/tap-enrolment", viewer, "{\"endpointId\": \"cart-1\"}")
                .statusCode()).isEqualTo(403);

        reader.tap("0412345678");   // Amina's badge
        assertThat(cart.next().to()).isEqualTo(RoamingState.IDENTIFYING);
        Transition refused = cart.next();
        assertThat(refused.reason().kind()).isEqualTo(Reason.Kind.DENIED);
        assertThat(refused.reason().detail()).isEqualTo("this badge is already another user's; tap the badge meant for Nurse Chloé Martin");
        assertThat(status("chloe").path("state").asText()).as("still armed for the right badge").isEqualTo("armed");
        assertThat(Rows.all(world.broker.database(), "badges")).extracting(r -> r.get("user_id")).containsExactly("nurse");
    }
}
