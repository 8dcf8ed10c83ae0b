package org.rounds.client.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import javax.net.ssl.SSLContext;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.rounds.display.Framebuffer;
import org.rounds.display.server.DesktopSource;
import org.rounds.display.server.RfbServer;
import org.rounds.display.server.ServerSecurity;
import org.rounds.roaming.client.RemoteGateway;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.SelfSigned;
import org.rounds.testpeers.TunnelRelay;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * {@code rounds client --remote} as a doctor at home sees it: the sign-in form, then the hospital
 * desktop on screen pixel for pixel through the gateway's tunnel (a fake gateway over HTTPS
 * relaying to a real RFB server over VeNCrypt X509Vnc), and a blank screen with the reason when
 * the desktop goes.
 */
@Tag("unit")
@ExtendWith(ApplicationExtension.class)
class RemotePaneTest {
    private static final char[] NO_PASSWORD = new char[0];
    private static final String VNC_PASSWORD = "ward7pw1";

    @TempDir
    Path dir;
    private final MockWebServer gateway = new MockWebServer();
    private RfbServer host;
    private Stage stage;
    private final Pattern desktop = new Pattern();
    private String pin;

    @Start
    void start(Stage stage) { this.stage = stage; }

    @BeforeEach
    void serve() throws Exception {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        KeyStore hostKeys = SelfSigned.keyStore("host", "host-a", NO_PASSWORD);
        host = RfbServer.builder().bind(InetAddress.getLoopbackAddress()).port(0).source(desktop)
                .security(ServerSecurity.veNCrypt(context(hostKeys), ServerSecurity.fixedPassword(VNC_PASSWORD))).build();
        host.start();
        KeyStore gatewayKeys = SelfSigned.keyStore("gateway", "localhost", NO_PASSWORD, "localhost", "127.0.0.1");
        gateway.useHttps(context(gatewayKeys).getSocketFactory(), false);
        Files.writeString(dir.resolve("gateway-ca.pem"), SelfSigned.pem(gatewayKeys.getCertificate("gateway")));
        pin = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(hostKeys.getCertificate("host").getEncoded()));
    }

    private void answerSignIn() {
        gateway.enqueue(new MockResponse().setBody("{\"userId\":\"dr.osei\",\"displayName\":\"Dr Kwame Osei\",\"tunnelTicket\":\"tk-1\","
                + "\"password\":\"" + VNC_PASSWORD + "\",\"pin\":\"" + pin + "\",\"generation\":3,\"reconnectToken\":\"rt-1\"}"));
    }

    @AfterEach
    void stop() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> stage.hide()).get(5, TimeUnit.SECONDS);
        host.close();
        gateway.shutdown();
    }

    @Test
    void signInShowsTheDesktopPixelForPixelAndItsEndBlanksTheScreen(FxRobot robot) throws Exception {
        answerSignIn();
        TunnelRelay tunnel = new TunnelRelay(host.port());
        gateway.enqueue(new MockResponse().withWebSocketUpgrade(tunnel));
        show();
        Screenshots.save(stage.getScene(), "remote-sign-in");
        fill(robot, "dr.osei", "correct horse", "12 34x56");

        Await.until(Duration.ofSeconds(10), "the desktop on screen", () -> desktop.fb.pixels()[5 * 64 + 7] == onScreen(robot, 7, 5)
                && desktop.fb.pixels()[40 * 64 + 60] == onScreen(robot, 60, 40));
        Await.until(Duration.ofSeconds(5), () -> "the user's name in the bar; the form says: " + status(robot),
                () -> !formShown(robot));
        assertThat(texts(robot)).contains("Dr Kwame Osei");
        Screenshots.save(stage.getScene(), "remote-desktop");
        String signIn = gateway.takeRequest().getBody().readUtf8();
        assertThat(signIn).contains("\"userId\":\"dr.osei\"", "\"code\":\"123456\"", "\"deviceId\":\"remote-test\"");

        // A tap inside takes the session: the host cuts the viewer, and the broker refuses it back.
        gateway.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"the session of dr.osei moved to cart-3: sign in again\"}"));
        host.close();
        Await.until(Duration.ofSeconds(10), () -> "the broker's line on the form, not: " + status(robot),
                () -> formShown(robot) && "the session of dr.osei moved to cart-3: sign in again".equals(status(robot)));
        assertThat(framebufferShown(robot)).as("no pixel of the session left on screen").isFalse();
        assertThat(tunnel.opened()).isEqualTo(1);
        gateway.takeRequest(); // the tunnel's upgrade
        assertThat(gateway.takeRequest().getPath()).isEqualTo("/api/v1/remote/reconnects");
    }

    @Test
    void aDroppedTunnelComesBackWithoutSigningIn(FxRobot robot) throws Exception {
        answerSignIn();
        TunnelRelay first = new TunnelRelay(host.port());
        gateway.enqueue(new MockResponse().withWebSocketUpgrade(first));
        show();
        fill(robot, "dr.osei", "correct horse", "123456");
        Await.until(Duration.ofSeconds(10), "the desktop on screen", () -> desktop.fb.pixels()[5 * 64 + 7] == onScreen(robot, 7, 5));
        Await.until(Duration.ofSeconds(5), "the desktop's bar", () -> !formShown(robot));

        gateway.enqueue(new MockResponse().setBody("{\"userId\":\"dr.osei\",\"displayName\":\"Dr Kwame Osei\",\"tunnelTicket\":\"tk-2\","
                + "\"password\":\"" + VNC_PASSWORD + "\",\"pin\":\"" + pin + "\",\"generation\":3,\"reconnectToken\":\"\"}"));
        TunnelRelay second = new TunnelRelay(host.port());
        gateway.enqueue(new MockResponse().withWebSocketUpgrade(second));
        first.cut(); // the home Wi-Fi drops
        Await.until(Duration.ofSeconds(15), "the desktop back", () -> second.opened() == 1 && !formShown(robot)
                && desktop.fb.pixels()[40 * 64 + 60] == onScreen(robot, 60, 40));
        gateway.takeRequest(); // sign-in
        assertThat(gateway.takeRequest().getHeader("Rounds-Tunnel-Ticket")).isEqualTo("tk-1");
        RecordedRequest reconnect = gateway.takeRequest();
        assertThat(reconnect.getPath()).isEqualTo("/api/v1/remote/reconnects");
        assertThat(reconnect.getBody().readUtf8()).contains("\"endpointId\":\"remote-test\"", "\"generation\":3", "\"reconnectToken\":\"rt-1\"");
        assertThat(gateway.takeRequest().getHeader("Rounds-Tunnel-Ticket")).isEqualTo("tk-2");
    }

    @Test
    void aRefusedSignInSaysWhyInOneLineAndShowsNothing(FxRobot robot) throws Exception {
        gateway.enqueue(new MockResponse().setResponseCode(401).setBody("{\"error\":\"wrong user id, password or code\"}"));
        show();
        fill(robot, "dr.osei", "wrong", "654321");
        Await.until(Duration.ofSeconds(10), "the refusal", () -> "wrong user id, password or code".equals(
                ((Label) robot.lookup("#remote-status").query()).getText()));
        assertThat(framebufferShown(robot)).isFalse();
        Screenshots.save(stage.getScene(), "remote-refused");
        assertThat(((javafx.scene.control.TextField) robot.lookup("#remote-password").query()).getText()).as("password field emptied").isEmpty();
        assertThat(host.viewerCount()).as("no tunnel opened").isZero();
    }

    /** Types into the form as pasting would (the code through its digits-only filter) and presses Sign in. */
    private static void fill(FxRobot robot, String user, String password, String code) {
        robot.interact(() -> {
            robot.lookup("#remote-user").queryAs(javafx.scene.control.TextField.class).setText(user);
            robot.lookup("#remote-password").queryAs(javafx.scene.control.TextField.class).setText(password);
            javafx.scene.control.TextField c = robot.lookup("#remote-code").queryAs(javafx.scene.control.TextField.class);
            c.clear();
            c.replaceSelection(code);
            robot.lookup("#remote-sign-in").queryButton().fire();
        });
    }

    private void show() throws Exception {
        RemoteGateway gw = RemoteGateway.of(gateway.url("/").toString(), Optional.of(dir.resolve("gateway-ca.pem")));
        WaitForAsyncUtils.asyncFx(() -> {
            stage.setScene(RemoteApp.scene(gw, "127.0.0.1:" + gateway.getPort(), "remote-test", Messages.of("en"), stage));
            stage.show();
        }).get(5, TimeUnit.SECONDS);
    }

    private static int onScreen(FxRobot robot, int x, int y) {
        Image image = robot.lookup((FramebufferView v) -> true).queryAs(FramebufferView.class).image();
        return image == null || x >= image.getWidth() || y >= image.getHeight() ? 0 : image.getPixelReader().getArgb(x, y) | 0xFF000000;
    }

    private static String status(FxRobot robot) { return ((Label) robot.lookup("#remote-status").query()).getText(); }

    private static boolean formShown(FxRobot robot) { return robot.lookup("#remote-form").query().isVisible(); }

    private static boolean framebufferShown(FxRobot robot) {
        return robot.lookup((FramebufferView v) -> true).queryAs(FramebufferView.class).shown() != null;
    }

    private static java.util.List<String> texts(FxRobot robot) {
        return robot.lookup((Label l) -> true).queryAllAs(Label.class).stream().map(Label::getText).toList();
    }

    private static SSLContext context(KeyStore keys) throws Exception {
        return SelfSigned.serverContext(keys, NO_PASSWORD);
    }

    /** A 64×48 desktop of distinct colours, so that a shifted or scaled picture differs. */
    private static final class Pattern implements DesktopSource {
        final Framebuffer fb = new Framebuffer(64, 48);

        Pattern() {
            int[] p = fb.pixels();
            for (int i = 0; i < p.length; i++) p[i] = 0xFF000000 | (i * 2654435761L > 0 ? (int) (i * 2654435761L) & 0xFFFFFF : i);
        }

        @Override public Framebuffer framebuffer() { return fb; }

        @Override public String name() { return "ward desktop"; }

        @Override public void keyEvent(int keysym, boolean down) {}

        @Override public void pointerEvent(int x, int y, int buttons) {}
    }
}
