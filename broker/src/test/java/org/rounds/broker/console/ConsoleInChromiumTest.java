package org.rounds.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.rounds.broker.auth.AdminRole;
import org.rounds.roaming.session.Reason;
import org.rounds.roaming.session.RoamingState;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.Chromium;
import org.rounds.testpeers.Geometry;
import org.rounds.testpeers.PostgresServer;
import org.rounds.testpeers.RealPeers;

/**
 * The console in a real browser (Debian's Chromium, headless) against a real broker over HTTPS
 * on PostgreSQL, with a real enrolled endpoint holding its push channel. Each page is saved as a
 * screenshot under target/console-screenshots/.
 */
@Tag("peer")
@ExtendWith(RealPeers.class)
@Geometry(width = 1280, height = 860)
class ConsoleInChromiumTest {
    static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final Duration LIVE = Duration.ofSeconds(10);

    @Test
    void aTapAppearsLiveAndHelpdeskForceLogOffLocksTheEndpointWhileTheViewerHasNoButtonAndIsRefused(
            PostgresServer pg, Chromium chromium, @TempDir Path dir) throws Exception {
        try (ConsoleWorld world = new ConsoleWorld(pg, dir)) {
            world.addAdmin("hank", AdminRole.HELPDESK);
            world.addAdmin("val", AdminRole.VIEWER);
            WebDriver browser = chromium.driver();

            browser.get(world.url("/console/sessions"));
            assertThat(browser.getCurrentUrl()).contains("/console/signin?then=%2Fconsole%2Fsessions");
            chromium.screenshot(SHOTS.resolve("signin.png"));
            world.signIn(browser, "hank");
            assertThat(browser.getCurrentUrl()).endsWith("/console/sessions");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Live sessions");
            assertThat(rows(browser)).isEmpty();

            ((JavascriptExecutor) browser).executeScript("window.notReloaded = true;");
            world.tap();
            Await.until(LIVE, "the nurse's session on the page without a reload", () -> rows(browser).size() == 1);
            assertThat(((JavascriptExecutor) browser).executeScript("return window.notReloaded === true;")).isEqualTo(true);
            assertThat(rows(browser).get(0).getText()).contains("Nurse Amina Diallo").contains("nurse").contains("cart-1");
            assertThat(world.cart.state()).isEqualTo(RoamingState.IN_SESSION);
            chromium.screenshot(SHOTS.resolve("sessions.png"));

            // by keyboard alone: the first Tab reaches the skip link, later ones the row's button, Enter presses it
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
            WebElement force = rows(browser).get(0).findElement(By.tagName("button"));
            for (int i = 0; i < 30 && !browser.switchTo().activeElement().equals(force); i++) new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(browser.switchTo().activeElement()).as("Force log-off reached by Tab").isEqualTo(force);
            new Actions(browser).sendKeys(Keys.ENTER).perform();
            Await.until(LIVE, "cart-1 locked by its push channel", () -> world.cart.state() == RoamingState.LOCKED);
            assertThat(world.cart.lastLockReason()).hasValueSatisfying(r -> assertThat(r.kind()).isEqualTo(Reason.Kind.SESSION_MOVED));
            assertThat(browser.findElement(By.cssSelector("p.notice")).getText()).contains("The session of nurse was ended");
            assertThat(rows(browser)).isEmpty();

            // A form sent without its token: the hidden field removed, as a forged page would lack it.
            ((JavascriptExecutor) browser).executeScript("document.querySelector('form[action=\"/console/signout\"] input[name=csrf]').remove();");
            ConsoleWorld.clickToLoad(browser, By.cssSelector("form[action='/console/signout'] button"));
            assertThat(browser.findElement(By.id("refusal")).getText())
                    .isEqualTo("This form's security token is missing or wrong; reload the page and submit it again.");
            chromium.screenshot(SHOTS.resolve("refused-csrf.png"));
            browser.get(world.url("/console/sessions"));
            browser.findElement(By.cssSelector("form[action='/console/signout'] button")).click();

            world.tap();
            browser.get(world.url("/console/sessions"));
            world.signIn(browser, "val");
            Await.until(LIVE, "the nurse's new session", () -> rows(browser).size() == 1);
            assertThat(browser.findElements(By.cssSelector("#sessions button"))).as("no force button for a viewer").isEmpty();
            String csrf = browser.findElement(By.cssSelector("form[action='/console/signout'] input[name=csrf]")).getAttribute("value");
            HttpResponse<String> forged = world.send(browser, "POST", "/console/sessions/nurse/end", "csrf=" + csrf);
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("Admin val is viewer; this needs helpdesk or higher.");
            assertThat(world.cart.state()).as("still shown").isEqualTo(RoamingState.IN_SESSION);
        }
    }

    @Test
    void withoutASessionEveryPageRedirectsAndTheAuditSearchEqualsItsCsvAndFrenchPagesAreFrench(
            PostgresServer pg, Chromium chromium, @TempDir Path dir) throws Exception {
        try (ConsoleWorld world = new ConsoleWorld(pg, dir)) {
            world.addAdmin("alice", AdminRole.ADMIN);
            world.broker.admin().addHost("host-a", "ward-4");
            WebDriver browser = chromium.driver();
            for (String page : List.of("/console/sessions", "/console/endpoints", "/console/hosts", "/console/audit")) {
                browser.get(world.url(page));
                assertThat(browser.getCurrentUrl()).as(page).contains("/console/signin?then=");
                assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
            }
            world.signIn(browser, "alice");
            assertThat(browser.getCurrentUrl()).endsWith("/console/audit");
            world.tap();
            Await.until(LIVE, "the tap decided", () -> world.cart.state() == RoamingState.IN_SESSION);

            browser.get(world.url("/console/endpoints"));
            browser.findElement(By.id("endpointId")).sendKeys("cart-2");
            browser.findElement(By.id("location")).sendKeys("Ward 5 west");
            ConsoleWorld.clickToLoad(browser, By.cssSelector("form[action='/console/endpoints'] button"));
            assertThat(browser.findElement(By.id("enrolment-code")).getText()).hasSizeGreaterThan(10);
            assertThat(browser.findElement(By.cssSelector("tr[data-endpoint='cart-1']")).getText()).contains("online").contains("Ward 4 east");
            chromium.screenshot(SHOTS.resolve("endpoints.png"));

            browser.get(world.url("/console/hosts"));
            assertThat(browser.findElement(By.cssSelector("tr[data-host='host-a']")).getText()).contains("host-a").contains("0 of 0");
            chromium.screenshot(SHOTS.resolve("hosts.png"));

            browser.get(world.url("/console/audit"));
            browser.findElement(By.id("user")).sendKeys("nurse");
            ConsoleWorld.clickToLoad(browser, By.cssSelector("form[role=search] button"));
            List<String> shown = browser.findElements(By.cssSelector("#audit tbody tr")).stream()
                    .map(tr -> String.join("|", tr.findElements(By.tagName("td")).stream().map(td -> td.getText()).toList().subList(0, 5)))
                    .toList();
            assertThat(shown).isNotEmpty().allSatisfy(r -> assertThat(r).contains("|nurse|"));
            chromium.screenshot(SHOTS.resolve("audit.png"));
            String csvLink = browser.findElement(By.id("export")).getAttribute("href");
            HttpResponse<String> csv = world.send(browser, "GET", csvLink.substring(csvLink.indexOf("/console/")), null);
            assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
            List<String> exported = csv.body().lines().skip(1).map(line -> {
                String[] f = line.split(",", -1);
                String at = java.time.Instant.parse(f[1]).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()
                        .replace("T", " ").replace("Z", " UTC");
                return String.join("|", f[0], at, f[2], f[3], f[4]);
            }).toList();
            assertThat(exported).isEqualTo(shown);

            ConsoleWorld.clickToLoad(browser, By.cssSelector("a[hreflang=fr]"));
            assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Journal d'audit");
            browser.get(world.url("/console/sessions"));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sessions en cours");
            assertThat(browser.findElement(By.cssSelector("#sessions button")).getText()).isEqualTo("Forcer la déconnexion");
            chromium.screenshot(SHOTS.resolve("sessions-fr.png"));
        }
    }

    private static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#sessions tbody tr[data-user]"));
    }
}
