package org.rounds.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rounds.broker.api.DesktopAddress;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Peers;
import org.rounds.testpeers.XvfbDisplay;

/**
 * TigerVNC's vncviewer, full screen in an Xvfb of the desktop's size, opens a clinician's
 * embedded desktop on the host port with VeNCrypt X509Vnc (given the host's certificate as its
 * CA: the pin is Rounds' own) and the one-time password the pool issued: its window shows the
 * desktop pixel for pixel, over Tight and over ZRLE, and follows a patient being selected.
 */
@Tag("peer")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VncViewerOnEmbeddedDesktopTest {
    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool();

    @AfterEach
    void close() { pool.close(); }

    /** vncviewer's output goes into a failure message. */
    @ParameterizedTest
    @ValueSource(strings = {"Tight", "ZRLE"})
    void vncviewerShowsTheClinicalDesktop(String encoding) throws Exception {
        String vncviewer = Peers.require("vncviewer", "tigervnc-viewer").toString();
        String vncpasswd = Peers.require("vncpasswd", "tigervnc-tools").toString();
        Path passwd = Files.createTempFile("rounds-vncpasswd", "");
        Path certificate = Files.createTempFile("rounds-host", ".pem");
        Path log = Files.createTempFile("rounds-vncviewer", ".log");
        Files.writeString(certificate, pool.port().certificate().certificatePem());
        try {
            DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
            Process p = new ProcessBuilder(vncpasswd, "-f").redirectOutput(passwd.toFile()).start();
            try (var in = p.getOutputStream()) {
                in.write((a.password() + "\n").getBytes());
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("vncpasswd -f").isTrue();
            try (XvfbDisplay x = XvfbDisplay.start(ClinicalDesktop.WIDTH, ClinicalDesktop.HEIGHT)) {
                ProcessBuilder pb = new ProcessBuilder(vncviewer, "-FullScreen", "-SecurityTypes=X509Vnc", "-X509CA=" + certificate,
                        "-AutoSelect=0", "-PreferredEncoding=" + encoding, "-NoJPEG", "-FullColor", "-PasswordFile=" + passwd,
                        a.host() + "::" + a.port()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                pb.environment().put("DISPLAY", x.display());
                Process viewer = pb.start();
                try {
                    assertThat(screenShowsDesktop(x, Duration.ofSeconds(12)))
                            .as("vncviewer's window shows the desktop; it printed: " + Files.readString(log)).isTrue();
                    pool.desktop("nurse").orElseThrow().pointerEvent(100, 44 + 60 - 18 + 66 + 20, 1); // select bed 2: chart opens
                    pool.desktop("nurse").orElseThrow().pointerEvent(100, 44 + 60 - 18 + 66 + 20, 0);
                    assertThat(screenShowsDesktop(x, Duration.ofSeconds(20)))
                            .as("vncviewer follows the chart opening; it printed: " + Files.readString(log)).isTrue();
                } finally {
                    viewer.destroy();
                    viewer.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            Files.deleteIfExists(passwd); // the password is one-time anyway
            Files.deleteIfExists(certificate);
            Files.deleteIfExists(log);
        }
    }

    /** Whether the window shows the desktop pixel for pixel within {@code wait}. */
    private boolean screenShowsDesktop(XvfbDisplay x, Duration wait) {
        try {
            Await.until(wait, "vncviewer's window to show the desktop", () -> {
                int[] want = rgb(pool.snapshot("nurse").orElseThrow().pixels()), got = rgb(x.screenshot().argb());
                return Arrays.equals(want, got);
            });
            return true;
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static int[] rgb(int[] argb) { return Arrays.stream(argb).map(p -> p & 0xFFFFFF).toArray(); }
}
