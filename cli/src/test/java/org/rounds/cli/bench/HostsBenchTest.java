package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code rounds bench hosts}, small: two broker processes and two embedded desktop host
 * processes on a throw-away PostgreSQL, four enrolled carts in this process, one host kill.
 * Checks that the JSON carries every figure and that the goals are met.
 */
@Tag("bench")
class HostsBenchTest {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aBrokerKillLosesNoDesktopAHostKillIsATapAwayAndADrainFailsNoTap() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new HostsBench(4, 1, 8, 4, null, new PrintStream(out, true, StandardCharsets.UTF_8)).run();
        JsonNode r = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.println(r);

        for (String field : new String[] {"taps", "failedTaps", "desktopsLostOnBrokerKill", "hostKillToNewDesktopMs",
                "hostKillToNewDesktopFromKillMs", "failedTapsDuringDrain", "goals", "met"})
            assertThat(r.has(field)).as(field).isTrue();
        assertThat(r.get("taps").asInt()).as("taps").isGreaterThan(20);
        assertThat(r.get("failedTaps").asInt()).as("failed taps: " + r.path("firstFailure")).isZero();
        assertThat(r.get("desktopsLostOnBrokerKill").asInt()).isZero();
        assertThat(r.at("/hostKill/usersOnKilledHosts").asInt()).as("users on the killed host").isPositive();
        assertThat(r.at("/hostKill/newDesktops").asInt()).as("each of them painted a new desktop")
                .isEqualTo(r.at("/hostKill/usersOnKilledHosts").asInt());
        assertThat(r.at("/hostKill/reasonShown").asInt()).as("each of their carts said why")
                .isEqualTo(r.at("/hostKill/usersOnKilledHosts").asInt());
        assertThat(r.at("/hostKill/otherCartsLostPicture").asInt()).as("carts on the other host kept their picture").isZero();
        assertThat(r.at("/hostKillToNewDesktopMs/p99").asDouble()).isLessThan(HostsBench.NEW_DESKTOP_GOAL_MS);
        assertThat(r.at("/hostKillToNewDesktopFromKillMs/p50").asDouble()).as("from the kill includes the wait for the reason")
                .isGreaterThanOrEqualTo(r.at("/hostKillToNewDesktopMs/p50").asDouble());
        assertThat(r.at("/drain/tapsDuringDrain").asInt()).isPositive();
        assertThat(r.get("failedTapsDuringDrain").asInt()).isZero();
        assertThat(r.at("/drain/newDesktopsOnDrainedHost").asInt()).as("new placements go to the other host only").isZero();
        assertThat(r.at("/drain/newDesktopsElsewhere").asInt()).as("users new to the hosts were placed").isPositive();
        assertThat(r.get("goals")).hasSize(3).allSatisfy(g -> assertThat(g.get("met").asBoolean()).as(g.get("goal").asText()).isTrue());
        assertThat(status).isZero();
    }
}
