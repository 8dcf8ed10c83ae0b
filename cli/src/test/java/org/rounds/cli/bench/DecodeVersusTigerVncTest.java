package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.rounds.testpeers.Peers;

/** {@code rounds bench decode --vs-tigervnc} on a small real recording, with TigerVNC's real viewer. */
class DecodeVersusTigerVncTest {
    private static final Path FULLFRAME = Path.of("../display-protocol/src/test/resources/recordings/xvnc-tight-fullframe.fbs");

    @Tag("unit")
    @Test
    void cpuTicksAreUtimePlusStimeOfProcStat() {
        // A process name with spaces and parentheses must not shift the fields.
        String stat = "4242 (vnc viewer (x)) S 1 4242 4242 0 -1 4194304 900 0 0 0 137 29 0 0 20 0 3 0 100 0 0";
        assertThat(TigerVncReplay.ticksOf(stat)).isEqualTo(137 + 29);
    }

    @Tag("peer")
    @Test
    void printsBothCpuTimesAndTheirRatio() throws Exception {
        Peers.require("vncviewer", "tigervnc-viewer");
        Peers.require("Xvfb", "xvfb");
        StringWriter out = new StringWriter();
        int status = new DecodeBench(List.of(FULLFRAME), 1, 1, new PrintWriter(out)).runVersusTigerVnc();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(status).isZero();
        assertThat(json.get("screen").asText()).isEqualTo("800x600");
        assertThat(json.get("viewer_encoding").asText()).isEqualTo("Tight");
        // The viewer really decoded the updates: five 800x600 frames cost it well over a clock tick.
        assertThat(json.get("tigervnc_cpu_seconds").asDouble()).isGreaterThanOrEqualTo(0.01);
        assertThat(json.get("rounds_cpu_seconds").asDouble()).isPositive();
        assertThat(json.get("cpu_ratio").asDouble())
                .isEqualTo(json.get("rounds_cpu_seconds").asDouble() / json.get("tigervnc_cpu_seconds").asDouble(),
                        org.assertj.core.data.Offset.offset(0.01));
    }
}
