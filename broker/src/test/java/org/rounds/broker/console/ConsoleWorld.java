package org.rounds.broker.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.rounds.broker.Broker;
import org.rounds.broker.auth.AdminRole;
import org.rounds.broker.auth.KeyFile;
import org.rounds.broker.auth.Totp;
import org.rounds.broker.takeover.Fakes;
import org.rounds.device.Credential;
import org.rounds.device.ReaderEvent;
import org.rounds.roaming.client.BrokerClient;
import org.rounds.roaming.client.Enrolment;
import org.rounds.roaming.client.PushChannel;
import org.rounds.roaming.session.EndpointProfile;
import org.rounds.roaming.session.RoamingEndpoint;
import org.rounds.testpeers.Await;
import org.rounds.testpeers.PemTrust;
import org.rounds.testpeers.PostgresServer;

/**
 * What the console's browser tests run against: a real broker over HTTPS on a throw-away
 * PostgreSQL, admins with TOTP, and a real enrolled endpoint (the roaming state machine with its
 * client certificate and its push channel open) on which a badge can be tapped.
 */
final class ConsoleWorld implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";
    static final String BADGE = "04A1B2C3D4E5";

    final Broker broker;
    private final Map<String, byte[]> secrets = new HashMap<>();
    private final BrokerClient cartClient;
    final RoamingEndpoint cart;
    private final PushChannel push;

    ConsoleWorld(PostgresServer pg, Path dir) throws Exception {
        pg.createDatabase("console");
        String url = "postgresql://" + pg.user() + ":" + pg.password() + "@127.0.0.1:" + pg.port() + "/console";
        Path keyFile = dir.resolve("broker.key");
        KeyFile.create(keyFile);
        broker = Broker.builder().database(url).keyFile(keyFile).port(0).tls(org.rounds.broker.tls.TlsSettings.devCa())
                .desktops(new Fakes.Pool(new Fakes.Journal())).build();
        broker.start();
        broker.enroll("nurse", "Nurse Amina Diallo", BADGE);
        String code = broker.admin().addEndpoint("cart-1", "cart", "Ward 4 east");
        try (BrokerClient enrolling = client().build()) {
            Enrolment.enrol(enrolling, code, dir.resolve("cart-1"));
        }
        cartClient = client().clientCertificate(dir.resolve("cart-1").resolve(Enrolment.KEY_FILE),
                dir.resolve("cart-1").resolve(Enrolment.CERTIFICATE_FILE)).build();
        EndpointProfile profile = new EndpointProfile("cart-1", EndpointProfile.Kind.CART, "Ward 4 east");
        cartClient.register(profile.registration());
        cart = RoamingEndpoint.builder().profile(profile).broker(cartClient).display((address, listener) -> () -> {})
                .screen(() -> {}).build();
        push = cartClient.openPush("cart-1", cart);
        Await.until(Duration.ofSeconds(15), "cart-1's push channel on the broker", () -> broker.pushConnected("cart-1"));
    }

    private BrokerClient.Builder client() {
        return BrokerClient.builder().broker(broker.baseUrl()).caFile(broker.devCaCertificate().orElseThrow())
                .deadline(Duration.ofSeconds(30)).connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(20))
                .callTimeout(Duration.ofSeconds(30));
    }

    void addAdmin(String name, AdminRole role) {
        secrets.put(name, Totp.secretOf(broker.admin().addAdmin(name, role, PASSWORD)));
    }

    /** Fills and sends the sign-in form on the page the browser shows. */
    void signIn(WebDriver driver, String name) {
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("totp")).sendKeys(Totp.code(secrets.get(name), Instant.now()));
        clickToLoad(driver, By.cssSelector("form.signin button[type=submit]"));
    }

    /**
     * Clicks what loads another page (a form's button, a link) and returns once the page shown
     * before it is gone: read at once, the old page's elements could still be found, and went
     * stale under the reader (as the audit search did in CI).
     */
    static void clickToLoad(WebDriver driver, By what) {
        org.openqa.selenium.WebElement before = driver.findElement(By.tagName("html"));
        driver.findElement(what).click();
        org.rounds.testpeers.Await.until(java.time.Duration.ofSeconds(10), "the page after clicking " + what, () -> {
            try {
                before.isEnabled();
                return false;
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                return true;
            } catch (org.openqa.selenium.WebDriverException e) {
                // chromedriver's other word for the same, caught mid-navigation: the old page's node is no longer in the document
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) return true;
                throw e;
            }
        });
    }

    /** The nurse's badge on cart-1's reader: the endpoint posts the tap to the broker's REST API. */
    void tap() {
        cart.onEvent(new ReaderEvent.BadgePresented("sim", new Credential(Credential.Technology.SIMULATED, null, BADGE), Instant.now()));
    }

    String url(String path) {
        return broker.baseUrl() + path;
    }

    /** A request outside the browser with the browser's session cookie (as a forged page or a script would send). */
    HttpResponse<String> send(WebDriver driver, String method, String path, String form) throws Exception {
        Cookie session = driver.manage().getCookieNamed(ConsoleGuard.COOKIE);
        HttpClient http = HttpClient.newBuilder().sslContext(PemTrust.only(broker.devCaCertificate().orElseThrow())).build();
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", ConsoleGuard.COOKIE + "=" + session.getValue())
                .method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) r.header("Content-Type", "application/x-www-form-urlencoded");
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        push.close();
        cart.close();
        cartClient.close();
        broker.close();
    }
}
