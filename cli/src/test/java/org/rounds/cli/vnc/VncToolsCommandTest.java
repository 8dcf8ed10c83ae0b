package org.rounds.cli.vnc;

import org.junit.jupiter.api.Tag;
import org.rounds.cli.Main;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.DesktopSource;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;

/** {@code rounds snapshot}, {@code record} and {@code bench decode} against a Rounds RFB server on loopback. */
@Tag("bench")
class VncToolsCommandTest {
    private static final int W = 64, H = 48;
    private final StringWriter out = new StringWriter(), err = new StringWriter();
    private final Framebuffer fb = new Framebuffer(W, H);
    private RfbServer server;
    @TempDir Path dir;

    @BeforeEach
    void startServer() throws Exception {
        int[] px = fb.pixels();
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) px[y * W + x] = 0xFF000000 | (x * 4) << 16 | (y * 5) << 8 | (x < 32 ? 0x30 : 0xC0);
        DesktopSource desktop = new DesktopSource() {
            @Override public Framebuffer framebuffer() { return fb; }
            @Override public String name() { return "tools test"; }
            @Override public void keyEvent(int keysym, boolean down) {}
            @Override public void pointerEvent(int x, int y, int buttons) {}
        };
        server = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.fixedPassword("s3cret")).build();
        server.start();
    }

    @AfterEach
    void stop() { server.close(); }

    private int run(String... args) {
        return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void snapshotWritesTheDesktopAsAPng() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Path png = dir.resolve("screen.png");
        assertThat(run("snapshot", "--encodings", "zrle,raw", "--password-file", pw.toString(),
                "127.0.0.1::" + server.port(), png.toString())).as(err.toString()).isZero();
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(W);
        for (int y = 0; y < H; y += 7)
            for (int x = 0; x < W; x += 5)
                assertThat(img.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(fb.pixels()[y * W + x] & 0xFFFFFF);
    }

    @Test
    void snapshotFailuresAreOneLineAndNonZero() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path png = dir.resolve("x.png");
        assertThat(run("snapshot", "vnc://127.0.0.1:" + closed, png.toString())).isNotZero();
        assertThat(err.toString().strip()).contains("cannot connect to").doesNotContain("\n").doesNotContain("Exception");

        StringWriter fresh = new StringWriter();
        Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
        int rc = Main.run(new String[] {"snapshot", "--password-file", wrong.toString(), "127.0.0.1::" + server.port(), png.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(fresh, true));
        assertThat(rc).isNotZero();
        assertThat(fresh.toString().strip()).contains("server refused authentication").doesNotContain("\n");
        assertThat(png).doesNotExist();

        StringWriter bad = new StringWriter();
        rc = Main.run(new String[] {"snapshot", "--encodings", "zrle,bogus", "127.0.0.1::" + server.port(), png.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(bad, true));
        assertThat(rc).isNotZero();
        assertThat(bad.toString().strip()).contains("bogus").doesNotContain("\n");
    }

    @Test
    void aRecordingReplaysInBenchDecode() throws Exception {
        Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
        Path fbs = dir.resolve("session.fbs");
        assertThat(run("record", "--password-file", pw.toString(), "--encodings", "zrle", "127.0.0.1::" + server.port(),
                fbs.toString(), "--seconds", "1")).as(err.toString()).isZero();
        assertThat(Files.readString(fbs, java.nio.charset.StandardCharsets.ISO_8859_1)).startsWith("FBS 001.000\n")
                .doesNotContain("s3cret");
        out.getBuffer().setLength(0);
        assertThat(run("bench", "decode", fbs.toString(), "--repeat", "2", "--warmup", "0")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(json.get("screen").asText()).isEqualTo(W + "x" + H);
        assertThat(json.get("pixels").asLong()).isGreaterThanOrEqualTo(2L * W * H);
        assertThat(json.get("encodings").has("zrle")).isTrue();
    }

    @Test
    void benchBandwidthMeasuresEachPhaseOfTheScriptedSession() throws Exception {
        assertThat(run("bench", "bandwidth", "--encoders", "zrle")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString().strip());
        assertThat(json.get("encoder").asText()).isEqualTo("zrle");
        for (String phase : new String[] {"type-note", "scroll-ward", "open-chart"}) {
            JsonNode p = json.get("phases").get(phase);
            assertThat(p.get("bytes").asLong()).as(phase).isPositive();
            assertThat(p.get("kbps").asDouble()).as(phase).isEqualTo(Math.round(p.get("bytes").asLong() * 8.0 / p.get("simulated_seconds").asInt() / 1000 * 10) / 10.0);
        }
        // Typing 300 characters costs far less than repainting the screen 300 times would.
        assertThat(json.get("phases").get("type-note").get("bytes").asLong()).isLessThan(20 * json.get("first_frame_bytes").asLong());
        StringWriter bad = new StringWriter();
        assertThat(Main.run(new String[] {"bench", "bandwidth", "--encoders", "h264"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(bad, true))).isNotZero();
        assertThat(bad.toString().strip()).contains("unknown encoder \"h264\"").doesNotContain("\n");
    }
}
