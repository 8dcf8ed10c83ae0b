package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.http.LiveEndpoints;
import org.rounds.device.sim.SimulatedReader;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.roaming.session.Transition;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Chromium;
import org.rounds.testpeers.Geometry;
import org.rounds.testpeers.PostgresServer;
import org.rounds.testpeers.RealPeers;

/**
 * The users and profiles pages in a real browser (headless Chromium) against a real broker on
 * PostgreSQL, with real endpoints (roaming state machine, broker client, push channel) and a
 * simulated reader:
 * tap to enrol from the user's page binds the badge the reader taps, the status updating by
 * itself; editing a profile in its page changes a connected endpoint's idle timeout without a
 * restart. Screenshots go to target/console-screenshots.
 */
@Tag("peer")
@Timeout(120)
@ExtendWith(RealPeers.class)
@Geometry(width = 1280, height = 900)
class UsersAndProfilesInChromiumTest {
    LiveEndpoints world;
    static final Path SHOTS = Path.of("target", "console-screenshots");
    Chromium chrome;

    @BeforeEach
    void start(PostgresServer pg, Chromium chromium, @TempDir Path dir) throws Exception {
        String db = "console_" + Long.toHexString(System.nanoTime());
        pg.createDatabase(db);
        world = LiveEndpoints.onPostgres("postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/" + db,
                dir.resolve("broker.key"));
        chrome = chromium;
    }

    @AfterEach
    void stop() throws Exception {
        if (world != null) world.close();
    }

    private void signIn(String name, AdminRole role) {
        byte[] secret = world.addAdmin(name, role);
        // straight to a page of ours: the sessions page's live feed, left open, keeps this core's Jetty from stopping in time
        chrome.driver().get(world.broker.baseUrl() + "/console/signin?then=%2Fconsole%2Fusers");
        chrome.driver().findElement(By.id("name")).sendKeys(name);
        chrome.driver().findElement(By.id("password")).sendKeys(LiveEndpoints.PASSWORD);
        chrome.driver().findElement(By.id("totp")).sendKeys(world.totp(secret));
        chrome.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        Await.until(Duration.ofSeconds(10), "signed in as " + name,
                () -> chrome.driver().getPageSource().contains("Signed in as " + name));
    }

    private void open(String path) {
        chrome.driver().get(world.broker.baseUrl() + path);
    }

    /** The element's text, or "" while the page is being replaced (a form just posted, a status redrawn). */
    private String text(String id) {
        try {
            return chrome.driver().findElement(By.id(id)).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException replaced) {
            return "";
        }
    }

    @Test
    void tapToEnrolFromTheUsersPageBindsTheBadgeASimulatedReaderTapsOnARealEndpoint() throws Exception {
        LiveEndpoints.Endpoint cart = world.endpoint("cart-1");
        signIn("hugo", AdminRole.HELPDESK);
        open("/console/users");
        chrome.driver().findElement(By.id("userId")).sendKeys("chloe");
        chrome.driver().findElement(By.id("displayName")).sendKeys("Nurse Chloé Martin");
        chrome.driver().findElement(By.id("pin")).sendKeys("2468");
        chrome.driver().findElement(By.cssSelector("form[action='/console/users'] button")).click();
        Await.until(Duration.ofSeconds(10), "the user's page", () -> chrome.driver().getCurrentUrl().contains("/console/users/chloe"));
        assertThat(text("notice")).isEqualTo("Nurse Chloé Martin was enrolled; now bind a badge by tap.");

        new Select(chrome.driver().findElement(By.id("endpointId"))).selectByValue("cart-1");
        chrome.driver().findElement(By.id("arm")).click();
        Await.until(Duration.ofSeconds(10), "armed", () -> text("tap-status").startsWith("Waiting for a badge on cart-1 until "));
        chrome.screenshot(SHOTS.resolve("console-user-tap-armed.png"));

        try (SimulatedReader reader = new SimulatedReader("cart-1", world.clock())) {
            reader.start(cart.roaming);
            reader.tap("04C0FFEE01");
            assertThat(cart.next().to()).isEqualTo(RoamingState.IDENTIFYING);
            Transition enrolled = cart.next();
            assertThat(enrolled.reason()).isEqualTo(Reason.of(Reason.Kind.BADGE_ENROLLED, "Nurse Chloé Martin"));
            Await.until(Duration.ofSeconds(5), "the page's status to say bound, by itself",
                    () -> text("tap-status").startsWith("Badge enrolled: tapped on cart-1 at "));
            assertThat(chrome.driver().getPageSource()).doesNotContain("04C0FFEE01");
            chrome.screenshot(SHOTS.resolve("console-user-tap-bound.png"));

            reader.tap("04C0FFEE01");   // she signs in with it: her badge, then the PIN set at enrolment
            assertThat(List.of(cart.next().to(), cart.next().to())).containsExactly(RoamingState.IDENTIFYING, RoamingState.PIN_REQUIRED);
            cart.roaming.enterPin("2468");
            Transition t;
            do {
                t = cart.next();
            } while (t.to() != RoamingState.IN_SESSION);
            assertThat(cart.roaming.currentUserId()).contains("chloe");
        }
        open("/console/users");
        WebElement row = chrome.driver().findElement(By.cssSelector("tr[data-user='chloe']"));
        assertThat(row.getText()).contains("Nurse Chloé Martin", "(chloe)");
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("1");
        chrome.screenshot(SHOTS.resolve("console-users.png"));
    }

    @Test
    void editingAProfileInItsPageChangesAConnectedEndpointsIdleTimeoutWithoutRestart() throws Exception {
        world.broker.enroll("nurse", "Nurse Amina Diallo", "0412345678");
        LiveEndpoints.Endpoint cart = world.endpoint("cart-1").connect();
        try (SimulatedReader reader = new SimulatedReader("cart-1", world.clock())) {
            reader.start(cart.roaming);
            reader.tap("0412345678");
            assertThat(List.of(cart.next().to(), cart.next().to(), cart.next().to()))
                    .containsExactly(RoamingState.IDENTIFYING, RoamingState.CONNECTING, RoamingState.IN_SESSION);
        }
        assertThat(cart.roaming.idleLock()).isEqualTo(Duration.ofMinutes(5));
        signIn("olga", AdminRole.ADMIN);
        open("/console/profiles");
        chrome.driver().findElement(By.id("newName")).sendKeys("default");
        chrome.driver().findElement(By.cssSelector("form[method=get] button")).click();
        Await.until(Duration.ofSeconds(10), "the profile's page", () -> chrome.driver().getCurrentUrl().endsWith("/console/profiles/default"));
        WebElement idle = chrome.driver().findElement(By.id("idleLockMinutes"));
        assertThat(idle.getAttribute("value")).isEqualTo("5");
        idle.clear();
        idle.sendKeys("1");
        new Select(chrome.driver().findElement(By.id("language"))).selectByValue("fr");
        chrome.driver().findElement(By.id("save")).click();
        Await.until(Duration.ofSeconds(10), "saved", () -> chrome.driver().findElements(By.id("notice")).size() == 1);
        assertThat(text("notice")).isEqualTo("Version 1 saved and pushed to 1 endpoint(s).");

        Await.until(Duration.ofSeconds(2), "cart-1 to put the 1-minute idle lock in force",
                () -> cart.roaming.idleLock().equals(Duration.ofMinutes(1)));
        world.advance(Duration.ofMinutes(1));
        cart.roaming.tick();
        Transition locked = cart.next();
        assertThat(locked.to()).isEqualTo(RoamingState.LOCKED);
        assertThat(locked.reason()).isEqualTo(Reason.of(Reason.Kind.IDLE_TIMEOUT, "1 min"));
        assertThat(chrome.driver().findElement(By.cssSelector("#history tbody tr")).getText()).startsWith("1 1 locks yes both ways fr");
        chrome.screenshot(SHOTS.resolve("console-profile-edit.png"));

        idle = chrome.driver().findElement(By.id("idleLockMinutes"));
        idle.clear();
        idle.sendKeys("-3");
        ((org.openqa.selenium.JavascriptExecutor) chrome.driver()).executeScript("arguments[0].removeAttribute('min')", idle);
        chrome.driver().findElement(By.id("save")).click();
        Await.until(Duration.ofSeconds(10), "refused", () -> chrome.driver().findElements(By.id("error")).size() == 1);
        assertThat(text("error")).isEqualTo("The idle lock must be a whole number of minutes from 0 to 1440, not '-3'.");
        assertThat(cart.roaming.idleLock()).isEqualTo(Duration.ofMinutes(1));

        open("/console/profiles");
        assertThat(chrome.driver().findElement(By.cssSelector("tr[data-profile='default']")).getText()).contains("default", "1");
        chrome.screenshot(SHOTS.resolve("console-profiles.png"));
        open("/console/lang/fr?then=/console/profiles/default");
        chrome.screenshot(SHOTS.resolve("console-profile-edit-fr.png"));
        assertThat(chrome.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Profil default");
    }
}
