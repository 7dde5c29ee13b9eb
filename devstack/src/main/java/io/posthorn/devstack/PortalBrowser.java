package io.posthorn.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for a test class,
 * with axe-core (from its WebJar) run on a page on demand and screenshots written under {@code
 * target/portal-screenshots} of the module under test. Fails, never skips, when no browser starts:
 * CI installs both packages ({@code .ci/run}).
 */
public final class PortalBrowser implements AutoCloseable {
  private static final Path SHOTS = Path.of("target", "portal-screenshots");

  public final RemoteWebDriver driver;
  private final String axe;

  public PortalBrowser() {
    // Debian's driver, so Selenium never tries to download one.
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1000");
    try {
      driver = new ChromeDriver(options);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "no headless Chromium: install Debian's chromium and chromium-driver"
              + " (apt-get install -y chromium chromium-driver; .ci/run does)",
          e);
    }
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
    axe = axeSource();
  }

  public WebDriver go(String url) {
    driver.get(url);
    return driver;
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public String text() {
    return find("body").getText();
  }

  /** Fills a form field. */
  public void type(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  /** Clicks the element {@code css} selects and waits for the next page. */
  public void follow(String css) {
    WebElement page = find("html");
    find(css).click();
    awaitNextPage(page);
  }

  /** Clicks the button or link whose text is {@code label} and waits for the next page. */
  public void press(String label) {
    WebElement page = find("html");
    driver
        .findElement(
            By.xpath(
                "//button[normalize-space(.)='"
                    + label
                    + "'] | //a[normalize-space(.)='"
                    + label
                    + "']"))
        .click();
    awaitNextPage(page);
  }

  /**
   * Waits until {@code page} (the old document's root) is gone. Chromium answers a query on a node
   * of a replaced document with either a stale-element error or "Node with given id does not belong
   * to the document", depending on timing: both mean the next page is there.
   */
  private void awaitNextPage(WebElement page) {
    new WebDriverWait(driver, Duration.ofSeconds(15))
        .until(
            d -> {
              try {
                page.isEnabled();
                return false;
              } catch (WebDriverException gone) {
                return true;
              }
            });
  }

  /**
   * Runs axe-core on the current page and asserts no serious or critical violation; writes a
   * screenshot named {@code name}.
   */
  public void check(String name) {
    screenshot(name);
    driver.executeScript(axe);
    // The page reduces axe's report to one line per serious or critical violation.
    Object serious =
        driver.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(r.violations"
                + ".filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                + ".map(function (v) { return v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + " + JSON.stringify(v.nodes.length ? v.nodes[0].target : []); })); })"
                + ".catch(function (e) { done(['axe-error (critical): ' + String(e)]); });");
    if (!(serious instanceof List<?> lines) || !lines.isEmpty()) {
      throw new AssertionError(
          "axe-core on " + name + " (" + driver.getCurrentUrl() + "): " + serious);
    }
  }

  public void screenshot(String name) {
    try {
      Files.createDirectories(SHOTS);
      Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String axeSource() {
    String path = new org.webjars.WebJarVersionLocator().fullPath("axe-core", "axe.min.js");
    try (InputStream in = PortalBrowser.class.getClassLoader().getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
