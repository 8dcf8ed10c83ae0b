package org.rounds.testpeers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver through Selenium. Both binaries
 * are named outright, so Selenium Manager never runs (it would try to download a browser: there
 * is no network). Self-signed test certificates are accepted ({@code --ignore-certificate-errors}):
 * the tests are about the pages, and the broker's TLS has tests of its own. Missing binaries skip
 * the test, or fail it under CI=true, as for every peer.
 */
public final class Chromium implements AutoCloseable {
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    public static Chromium start(int width, int height) {
        Path browser = Peers.require("/usr/bin/chromium", "chromium");
        Path chromedriver = Peers.require("/usr/bin/chromedriver", "chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().withSilent(true).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--ignore-certificate-errors",
                "--window-size=" + width + "," + height, "--lang=en-US", "--no-first-run", "--disable-gpu");
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            PeerStartException failed = new PeerStartException("chromium did not start under chromedriver: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            failed.initCause(e);
            throw failed;
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Saves what the browser shows now as a PNG at {@code file} (directories made as needed). */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("could not save a screenshot at " + file + ": " + e.getMessage(), e);
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
