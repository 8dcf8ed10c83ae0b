package org.rounds.broker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rounds.broker.api.BrokerApi;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.takeover.Rows;

/**
 * Lockouts by source in the admin API, as the users page needs them: five wrong passwords lock
 * the user out from that source; the help desk sees the source and unlocks it (audited), after
 * which the right password signs in; a viewer may look but not unlock.
 */
@Tag("unit")
@Timeout(60)
class LockoutsApiTest {
    LiveEndpoints world;

    @BeforeEach
    void start() throws Exception {
        world = new LiveEndpoints();
        world.admin("PUT", "/users/chloe", "{\"displayName\": \"Nurse Chloé Martin\", \"password\": \"right-password-1\"}", 204);
        world.endpoint("cart-1");
    }

    @AfterEach
    void stop() throws Exception {
        world.close();
    }

    int login(String password, String tapId) throws Exception {
        var r = world.call("POST", BrokerApi.LOGINS, null, "{\"endpointId\":\"cart-1\",\"userId\":\"chloe\",\"password\":\"" + password
                + "\",\"tapId\":\"" + tapId + "\"}");
        return r.statusCode() == 200 && r.body().contains("\"connect\"") ? 1 : 0;
    }

    @Test
    void theHelpDeskSeesTheLockedSourceAndUnlocksIt() throws Exception {
        for (int i = 0; i < 5; i++) login("wrong-password", "w-" + i);
        assertThat(login("right-password-1", "r-1")).as("locked out").isZero();
        JsonNode lockouts = world.admin("GET", "/users/chloe/lockouts", null, 200);
        assertThat(lockouts).hasSize(1);
        assertThat(lockouts.get(0).path("locked").asBoolean()).isTrue();
        String source = lockouts.get(0).path("source").asText();

        String viewer = world.login("vera", AdminRole.VIEWER);
        assertThat(world.call("GET", BrokerApi.ADMIN + "/users/chloe/lockouts", viewer, null).statusCode()).isEqualTo(200);
        assertThat(world.call("DELETE", BrokerApi.ADMIN + "/users/chloe/lockouts", viewer, null).statusCode()).isEqualTo(403);

        JsonNode cleared = world.admin("DELETE", "/users/chloe/lockouts?source=" + URLEncoder.encode(source, StandardCharsets.UTF_8), null, 200);
        assertThat(cleared.path("cleared").asInt()).isEqualTo(1);
        assertThat(world.admin("GET", "/users/chloe/lockouts", null, 200)).isEmpty();
        assertThat(login("right-password-1", "r-2")).isEqualTo(1);
        assertThat(Rows.all(world.broker.database(), "audit")).filteredOn(r -> "unlocked".equals(r.get("kind")))
                .singleElement().satisfies(r -> assertThat(r.get("actor")).isEqualTo("ops"));
        assertThat(world.call("DELETE", BrokerApi.ADMIN + "/users/nobody/lockouts", world.token, null).statusCode()).isEqualTo(404);
    }
}
