package io.streamcast.browser;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver (never a downloaded one: the driver given
 * here keeps Selenium Manager out). Tests that need it skip with a message where the packages are missing.
 */
public final class Chromium {
    private static final Path BINARY = Path.of(System.getenv().getOrDefault("STREAMCAST_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("STREAMCAST_CHROMEDRIVER",
            "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Skips the calling test unless both are installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY) && Files.isExecutable(DRIVER), "skipped: this browser "
                + "test needs Debian's chromium and chromium-driver (" + BINARY + ", " + DRIVER + "); .ci/run "
                + "installs them: sudo apt-get install chromium chromium-driver");
    }

    public static WebDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1100", "--no-first-run", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Saves what the page looks like to target/{name}.png, to look at. */
    public static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs a script that returns a list, in one go (a page that redraws cannot go stale under it). */
    @SuppressWarnings("unchecked")
    public static <T> List<T> list(WebDriver browser, String js) {
        return (List<T>) ((JavascriptExecutor) browser).executeScript(js);
    }
}
