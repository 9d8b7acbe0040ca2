package dev.healthmon.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.ScriptTimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through {@code /usr/bin/chromedriver}, both set by path so that Selenium Manager never
 * runs and nothing is downloaded. Waits are event-driven: a {@code MutationObserver} in the page answers as soon as a
 * condition holds.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final String AWAIT = """
            const done = arguments[arguments.length - 1];
            const test = new Function('return (' + arguments[0] + ');');
            const holds = () => { try { return Boolean(test()); } catch (e) { return false; } };
            if (holds()) { done(true); return; }
            const observer = new MutationObserver(() => {
                if (holds()) { observer.disconnect(); done(true); }
            });
            observer.observe(document.documentElement,
                    { subtree: true, childList: true, attributes: true, characterData: true });
            """;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test, with the reason, when Debian's chromium or chromium-driver is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "); .ci/run installs them with apt-get");
    }

    /** Returns a fresh headless Chromium with its own profile, {@code width} by {@code height} CSS pixels. */
    static Browser open(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("healthmon-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Returns the value of the JavaScript expression {@code expression} in the page. */
    Object eval(String expression) {
        return driver.executeScript("return (" + expression + ");");
    }

    /**
     * Returns once the JavaScript expression {@code condition} is true in the page, checked at once and after every
     * change of the DOM; fails with {@code what} after {@code timeout}.
     */
    void await(String what, String condition, Duration timeout) {
        driver.manage().timeouts().scriptTimeout(timeout);
        try {
            driver.executeAsyncScript(AWAIT, condition);
        }
        catch (ScriptTimeoutException e) {
            throw new AssertionError("not within " + timeout + ": " + what + " (" + condition + ")", e);
        }
    }

    /** Saves what the window shows as a PNG at {@code file}. */
    void screenshot(Path file) throws IOException {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        }
        finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
