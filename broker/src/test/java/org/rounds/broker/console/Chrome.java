package org.rounds.broker.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.rounds.testpeers.Peers;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium; both binaries
 * named outright so Selenium Manager never runs (there is no network). Missing binaries skip the
 * test, or fail it under CI=true. (The console branch adds the same as a test-peers Chromium
 * peer; this one goes once that is merged.)
 */
final class Chrome implements AutoCloseable {
    final ChromeDriver driver;
    private final ChromeDriverService service;

    private Chrome(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    static Chrome start() {
        Path browser = Peers.require("/usr/bin/chromium", "chromium");
        Path chromedriver = Peers.require("/usr/bin/chromedriver", "chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=en-US", "--no-first-run", "--disable-gpu");
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chrome(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw new IllegalStateException("chromium did not start under chromedriver: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /** Saves the page as target/screenshots/NAME.png; its path. */
    Path screenshot(String name) {
        try {
            Path file = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(file.getParent());
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("could not save screenshot " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
