package io.mediaflow.samples.dashboard;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's Chromium, headless, driven through the system's chromedriver (Debian's {@code
 * chromium} and {@code chromium-driver}). Both paths are given to Selenium, so Selenium Manager
 * never looks for (or downloads) a driver or a browser. Missing, they fail the test when {@code CI}
 * is set and skip it elsewhere, saying what to install.
 */
final class HeadlessChromium {

  static final String DRIVER_ENV = "MEDIAFLOW_CHROMEDRIVER";
  static final String BROWSER_ENV = "MEDIAFLOW_CHROMIUM";
  private static final List<String> DRIVERS =
      List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
  private static final List<String> BROWSERS =
      List.of("/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser");

  private HeadlessChromium() {}

  /** A new headless browser with a window of the given size. */
  static ChromeDriver start(int width, int height) {
    Path driver = find(DRIVER_ENV, DRIVERS, "chromedriver");
    Path browser = find(BROWSER_ENV, BROWSERS, "chromium");
    // Selenium reads this before it would ask Selenium Manager
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, driver.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(20))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--force-device-scale-factor=1",
        "--window-size=" + width + "," + height);
    // the page's console (script errors, CSP violations), read by the tests
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    return new ChromeDriver(service, options);
  }

  private static Path find(String env, List<String> candidates, String what) {
    Optional<Path> found =
        Optional.ofNullable(System.getenv(env))
            .map(Path::of)
            .or(() -> candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst())
            .filter(Files::isExecutable);
    if (found.isPresent()) {
      return found.get();
    }
    String message =
        what
            + " was not found (looked at $"
            + env
            + ", then "
            + String.join(", ", candidates)
            + "); install it with: apt-get install -y chromium chromium-driver";
    if (System.getenv("CI") != null) {
      fail(message + "; CI is set, so this is a failure, not a skip");
    }
    Assumptions.abort(message);
    throw new AssertionError(message); // not reached
  }
}
