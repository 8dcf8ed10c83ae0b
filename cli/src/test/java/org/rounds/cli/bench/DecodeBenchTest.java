package org.rounds.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.cli.Main;
import org.rounds.display.fbs.FbsWriter;
import org.rounds.display.internal.PixelFormat;

/**
 * {@code rounds bench decode} on hand-made recordings of another client's session: VMware's
 * pseudo-encodings are played, a recording cut short still prints its JSON (truncated, bytes
 * left over) and exits 0, and an encoding Rounds cannot decode is one line with exit 1.
 */
@Tag("unit")
class DecodeBenchTest {
    private final StringWriter out = new StringWriter(), err = new StringWriter();
    @TempDir Path dir;

    private int run(String... args) { return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true)); }

    /** RFB 3.8, None, 4x2, then two full-screen Raw updates (the second after a VMware cursor position). */
    private static byte[] stream() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.write("RFB 003.008\n".getBytes(StandardCharsets.US_ASCII));
        d.write(new byte[] {1, 1});
        d.writeInt(0);
        d.writeShort(4);
        d.writeShort(2);
        PixelFormat.ARGB32_LE.write(d);
        d.writeInt(4);
        d.write("ward".getBytes(StandardCharsets.US_ASCII));
        for (int update = 0; update < 2; update++) {
            d.write(new byte[] {0, 0});
            d.writeShort(update == 0 ? 1 : 2);
            if (update == 1) rect(d, 3, 1, 0, 0, 0x574D5666);
            rect(d, 0, 0, 4, 2, 0);
            for (int i = 0; i < 8; i++) d.writeInt(0x00FF0000);
        }
        return b.toByteArray();
    }

    private static void rect(DataOutputStream d, int x, int y, int w, int h, int encoding) throws Exception {
        d.writeShort(x);
        d.writeShort(y);
        d.writeShort(w);
        d.writeShort(h);
        d.writeInt(encoding);
    }

    private Path fbs(String name, byte[] stream) throws Exception {
        Path f = dir.resolve(name);
        try (OutputStream o = Files.newOutputStream(f); FbsWriter w = FbsWriter.to(o)) {
            w.append(stream, 0, stream.length);
        }
        return f;
    }

    private JsonNode lastJson() throws Exception {
        return new ObjectMapper().readTree(out.toString().lines().reduce((a, b) -> b).orElseThrow());
    }

    @Test
    void wholeRecordingOfAnotherClientIsNotTruncated() throws Exception {
        byte[] s = stream();
        assertThat(run("bench", "decode", fbs("whole.fbs", s).toString(), "--warmup", "0")).as(err.toString()).isZero();
        JsonNode json = lastJson();
        assertThat(json.get("updates").asLong()).isEqualTo(2);
        assertThat(json.get("truncated").asBoolean()).isFalse();
        assertThat(json.get("bytes_left_over").asLong()).isZero();
        assertThat(json.get("encodings").has("vmware-cursor-position")).isTrue();
    }

    @Test
    void recordingCutMidMessagePrintsItsJsonAndExitsZero() throws Exception {
        byte[] s = stream();
        int cut = s.length - 10; // the last update (60 bytes) lacks its last 10: its first 50 are left over
        assertThat(run("bench", "decode", fbs("cut.fbs", Arrays.copyOf(s, cut)).toString(), "--warmup", "1", "--repeat", "2"))
                .as(err.toString()).isZero();
        JsonNode json = lastJson();
        assertThat(json.get("truncated").asBoolean()).isTrue();
        assertThat(json.get("bytes_left_over").asLong()).isEqualTo(4 + 12 + 12 + 32 - 10);
        assertThat(json.get("updates").asLong()).as("one whole update per replay").isEqualTo(2);
        assertThat(json.get("bytes").asLong()).isEqualTo(cut);
    }

    /** The recording TigerVNC's vncviewer made of Xvnc (display-protocol's VncViewerRecordingTest), whole and cut. */
    @Test
    void vncviewersRecordingReplaysWholeAndCut() throws Exception {
        Path recording = Path.of("..", "display-protocol", "src", "test", "resources", "recordings", "vncviewer-tight-xterm.fbs");
        assertThat(run("bench", "decode", recording.toString(), "--warmup", "0")).as(err.toString()).isZero();
        JsonNode whole = lastJson();
        assertThat(whole.get("truncated").asBoolean()).isFalse();
        assertThat(whole.get("encodings").has("vmware-cursor-position")).isTrue();
        byte[] file = Files.readAllBytes(recording);
        Path cut = Files.write(dir.resolve("cut.fbs"), Arrays.copyOf(file, file.length * 3 / 5));
        assertThat(run("bench", "decode", cut.toString(), "--warmup", "0")).as(err.toString()).isZero();
        JsonNode json = lastJson();
        assertThat(json.get("truncated").asBoolean()).isTrue();
        assertThat(json.get("bytes_left_over").asLong()).isPositive();
        assertThat(json.get("updates").asLong()).isPositive().isLessThan(whole.get("updates").asLong());
    }

    @Test
    void encodingRoundsCannotDecodeIsOneLineAndExitOne() throws Exception {
        byte[] s = stream();
        int at = s.length - (4 + 12 + 12 + 32) + 4 + 12; // the Raw rectangle of the second update
        s[at + 8] = 0x12; // encoding 0 becomes 0x12000000
        assertThat(run("bench", "decode", fbs("odd.fbs", s).toString())).isEqualTo(1);
        assertThat(err.toString().strip()).doesNotContain("\n")
                .contains("byte offset " + at).contains("unknown encoding 301989888 (0x12000000), which Rounds cannot decode");
    }
}
