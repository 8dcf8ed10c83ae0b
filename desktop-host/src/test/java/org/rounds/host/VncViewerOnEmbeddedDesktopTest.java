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
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VncViewerOnEmbeddedDesktopTest {
    private final EmbeddedDesktopPool pool = new EmbeddedDesktopPool();

    @AfterEach
    void close() { pool.close(); }

    @ParameterizedTest
    @ValueSource(strings = {"Tight", "ZRLE"})
    void vncviewerShowsTheClinicalDesktop(String encoding) throws Exception {
        String vncviewer = Peers.require("vncviewer", "tigervnc-viewer").toString();
        String vncpasswd = Peers.require("vncpasswd", "tigervnc-tools").toString();
        DesktopAddress a = pool.handOver("nurse", "Nurse Amina Diallo");
        Path passwd = Files.createTempFile("rounds-vncpasswd", "");
        Path certificate = Files.createTempFile("rounds-host", ".pem");
        Files.writeString(certificate, pool.port().certificate().certificatePem());
        try (XvfbDisplay x = XvfbDisplay.start(ClinicalDesktop.WIDTH, ClinicalDesktop.HEIGHT)) {
            Process p = new ProcessBuilder(vncpasswd, "-f").redirectOutput(passwd.toFile()).start();
            try (var in = p.getOutputStream()) {
                in.write((a.password() + "\n").getBytes());
            }
            assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as("vncpasswd -f").isTrue();
            x.exec(vncviewer, "-FullScreen", "-SecurityTypes=X509Vnc", "-X509CA=" + certificate, "-AutoSelect=0", "-PreferredEncoding=" + encoding, "-NoJPEG", "-FullColor",
                    "-PasswordFile=" + passwd, a.host() + "::" + a.port());
            awaitScreenShowsDesktop(x);
            pool.desktop("nurse").orElseThrow().pointerEvent(100, 44 + 60 - 18 + 66 + 20, 1); // select bed 2: chart opens
            pool.desktop("nurse").orElseThrow().pointerEvent(100, 44 + 60 - 18 + 66 + 20, 0);
            awaitScreenShowsDesktop(x);
        } finally {
            Files.deleteIfExists(passwd); // the password is one-time anyway
            Files.deleteIfExists(certificate);
        }
    }

    private void awaitScreenShowsDesktop(XvfbDisplay x) {
        int[] differing = {-1};
        Await.until(Duration.ofSeconds(20), () -> "vncviewer's window to show the desktop (" + differing[0] + " pixels differ)", () -> {
            int[] want = rgb(pool.snapshot("nurse").orElseThrow().pixels()), got = rgb(x.screenshot().argb());
            differing[0] = 0;
            for (int i = 0; i < want.length; i++) if (want[i] != got[i]) differing[0]++;
            return differing[0] == 0;
        });
    }

    private static int[] rgb(int[] argb) { return Arrays.stream(argb).map(p -> p & 0xFFFFFF).toArray(); }
}
