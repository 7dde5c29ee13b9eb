package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for a test class,
 * with axe-core (from its WebJar) run on a page on demand and screenshots written under {@code
 * target/portal-screenshots}. Fails, never skips, when no browser starts: CI installs both packages
 * ({@code .ci/run}).
 */
final class PortalBrowser implements AutoCloseable {
  private static final Path SHOTS = Path.of("target", "portal-screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  final RemoteWebDriver driver;
  private final String axe;

  PortalBrowser() {
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

  WebDriver go(String url) {
    driver.get(url);
    return driver;
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  String text() {
    return find("body").getText();
  }

  /** Fills a form field. */
  void type(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  /** Clicks the element {@code css} selects and waits for the next page. */
  void follow(String css) {
    WebElement page = find("html");
    find(css).click();
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
  }

  /** Clicks the button or link whose text is {@code label} and waits for the next page. */
  void press(String label) {
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
    new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(page));
  }

  /**
   * Runs axe-core on the current page and asserts no serious or critical violation; writes a
   * screenshot named {@code name}.
   */
  void check(String name) {
    screenshot(name);
    driver.executeScript(axe);
    Object result =
        driver.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']})"
                + ".then(function (r) { done(JSON.stringify(r.violations)); })"
                + ".catch(function (e) { done(JSON.stringify([{id: 'axe-error', impact: 'critical',"
                + " help: String(e)}])); });");
    List<String> serious = new ArrayList<>();
    try {
      for (JsonNode v : JSON.readTree((String) result)) {
        String impact = v.path("impact").asText();
        if (impact.equals("serious") || impact.equals("critical")) {
          serious.add(
              v.path("id").asText()
                  + " ("
                  + impact
                  + "): "
                  + v.path("help").asText()
                  + " at "
                  + v.path("nodes").path(0).path("target"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(serious).as("axe-core on %s (%s)", name, driver.getCurrentUrl()).isEmpty();
  }

  void screenshot(String name) {
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
