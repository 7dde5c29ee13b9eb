package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.ManualClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.NoAlertPresentException;

/**
 * The subscriber portal in a real headless Chromium (issue 16): links, sessions, the endpoint pages
 * through their forms, and the security cases (escaping, CSRF, used and expired links, idle
 * sessions, tenant isolation). axe-core checks every page; screenshots go to {@code
 * target/portal-screenshots}. One browser and one registry for the class.
 */
@Timeout(120)
class PortalIT {
  private static final ManualClock clock = new ManualClock(Instant.now());
  private static RegistryFixture fx;
  private static PortalBrowser browser;

  @BeforeAll
  static void start() {
    long t0 = System.nanoTime();
    fx = new RegistryFixture(b -> b, clock);
    fx.tenantKey("acme");
    fx.tenantKey("globex");
    fx.tenantKey("initech");
    long t1 = System.nanoTime();
    browser = new PortalBrowser();
    System.out.printf(
        "PortalIT setup: registry %d ms, browser %d ms%n",
        (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private static String link(String tenant) {
    Api.Response r =
        tenant == null
            ? fx.api.post("/v1/portal-links", RegistryFixture.ADMIN_KEY, null)
            : fx.api.post(
                "/v1/tenants/" + tenant + "/portal-links", RegistryFixture.ADMIN_KEY, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().get("url").asText();
  }

  /** Opens a link and presses its button: a new session. */
  private static void signIn(String tenant) {
    browser.go(link(tenant));
    browser.press("Open the portal");
    assertThat(browser.find("h1").getText()).isEqualTo("Endpoints");
  }

  private static String portal(String path) {
    return fx.registry.url() + "/portal" + path;
  }

  @Test
  void aTenantManagesAnEndpointThroughThePages() throws Exception {
    browser.go(link("initech"));
    browser.check("start");
    browser.press("Open the portal");
    assertThat(browser.text()).contains("Signed in as tenant initech", "No endpoints yet");
    browser.check("endpoints-empty");

    browser.press("New endpoint");
    browser.check("endpoint-new");
    // The API's URL policy judges the form: a private address is refused, named at its field.
    browser.type("url", "https://internal.acme.example/initech");
    browser.type("description", "<script>alert(1)</script>");
    browser.find("input[value='posthorn.ping']").click();
    browser.press("Create endpoint");
    assertThat(browser.find("#form-error").getText()).contains("url");
    assertThat(browser.find("#url").getAttribute("aria-invalid")).isEqualTo("true");
    browser.check("endpoint-refused");

    browser.type("url", "https://hooks.acme.example/portal");
    browser.type("headerName0", "X-Team-Token");
    browser.type("headerValue0", "hunter2-value");
    browser.press("Create endpoint");
    String secret = browser.find("#secret").getText();
    assertThat(secret).startsWith("whsec_");
    browser.check("endpoint-created");

    browser.go(portal("/"));
    // Escaped everywhere: the description is text, no script ran.
    assertThat(browser.find("td.description").getText()).isEqualTo("<script>alert(1)</script>");
    assertThat(browser.driver.getPageSource()).doesNotContain("<script>alert(1)</script>");
    assertNoAlert();
    browser.check("endpoints");

    browser.follow("td a");
    String endpointPath = URI.create(browser.driver.getCurrentUrl()).getPath();
    assertThat(browser.text())
        .contains("x-team-token (values are write-only)")
        .doesNotContain("hunter2");
    // chart.js ran (scripts from /portal/assets are allowed, inline ones are not needed).
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(browser.find("#chart").getText())
                    .contains("No attempts in the last 24 hours"));
    browser.check("endpoint");

    browser.press("Edit");
    assertThat(browser.driver.getPageSource()).doesNotContain("hunter2");
    browser.type("timeoutMs", "not a number");
    browser.press("Save");
    assertThat(browser.find("#form-error").getText()).contains("timeoutMs");
    browser.type("timeoutMs", "7000");
    browser.press("Save");
    assertThat(browser.text()).contains("Saved.", "7000 ms");

    browser.press("Signing secret");
    assertThat(browser.all("#secret")).isEmpty();
    browser.press("Reveal the secret");
    assertThat(browser.find("#secret").getText()).isEqualTo(secret);
    browser.check("secret");
    browser.press("Rotate the secret");
    assertThat(browser.text()).contains("Secret rotated");
    browser.press("Reveal the secret");
    assertThat(browser.find("#secret").getText()).startsWith("whsec_").isNotEqualTo(secret);
    assertThat(browser.text()).contains("A rotated-out secret still signs until");

    browser.go(portal(endpointPath.substring("/portal".length())));
    browser.press("Disable");
    assertThat(browser.text()).contains("Endpoint disabled");
    browser.press("Enable");
    assertThat(browser.text()).contains("Endpoint enabled");
    browser.press("Send a test event");
    assertThat(browser.text()).contains("Test event (posthorn.ping) sent");
    browser.check("attempts");

    browser.go(portal("/event-types"));
    assertThat(browser.text()).contains("posthorn.ping");
    browser.check("catalog");
    browser.go(portal("/event-types/posthorn.ping"));
    assertThat(browser.text()).contains("Example payload");
    browser.check("event-type");

    browser.go(portal("/verify"));
    String id = "msg_portal_1";
    long ts = clock.instant().getEpochSecond();
    String body = "{\"hello\":\"world\"}";
    browser.type("secret", secret);
    browser.type("webhookId", id);
    browser.type("timestamp", Long.toString(ts));
    browser.type("signature", sign(secret, id, ts, body));
    browser.type("body", body);
    browser.press("Verify");
    assertThat(browser.find("#verdict").getText()).startsWith("genuine");
    browser.check("verify");

    browser.go(portal(endpointPath.substring("/portal".length()) + "/delete"));
    browser.check("delete");
    browser.press("Delete endpoint");
    assertThat(browser.text()).contains("Endpoint deleted.", "No endpoints yet");
  }

  @Test
  void aFormPostedWithoutItsTokenIsRefused() {
    signIn("acme");
    browser.go(portal("/verify"));
    browser.driver.executeScript(
        "document.querySelectorAll('input[name=csrf]').forEach(function (e) { e.remove(); });");
    browser.type("secret", "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    browser.type("webhookId", "x");
    browser.type("timestamp", "1");
    browser.type("signature", "v1,x");
    browser.press("Verify");
    assertThat(browser.text()).contains("This form was refused");
    browser.check("csrf-refused");
  }

  @Test
  void aLinkOpensOneSessionOnly() {
    String url = link("acme");
    browser.go(url);
    browser.press("Open the portal");
    assertThat(browser.find("h1").getText()).isEqualTo("Endpoints");
    browser.go(url);
    browser.press("Open the portal");
    assertThat(browser.text()).contains("already used");
    browser.check("link-used");
  }

  @Test
  void anExpiredLinkOpensNothing_andAnIdleSessionEnds() {
    signIn("globex");
    String url = link("globex");
    clock.advance(Duration.ofMinutes(31));
    browser.go(url);
    browser.press("Open the portal");
    assertThat(browser.text()).contains("This portal link has expired");
    browser.check("link-expired");
    browser.go(portal("/"));
    assertThat(browser.text()).contains("Your portal session has ended");
  }

  @Test
  void aTenantSeesNoneOfAnotherTenantsEndpoints() {
    Api.Response created =
        fx.api.post(
            "/v1/endpoints",
            fx.tenantKey("acme"),
            "{\"url\":\"https://hooks.acme.example/isolated\",\"eventTypes\":[\"*\"]}");
    String id = created.json().get("id").asText();

    signIn("globex");
    assertThat(browser.text()).doesNotContain("hooks.acme.example/isolated");
    for (String page : new String[] {"", "/attempts", "/secret", "/edit", "/delete"}) {
      browser.go(portal("/endpoints/" + id + page));
      assertThat(browser.find("h1").getText()).as(page).isEqualTo("Not found");
    }
    browser.check("not-found");

    signIn(null);
    assertThat(browser.text()).contains("admin (every tenant)", "hooks.acme.example/isolated");
    browser.check("endpoints-admin");
  }

  private static void assertNoAlert() {
    try {
      browser.driver.switchTo().alert();
      throw new AssertionError("a script ran and opened an alert");
    } catch (NoAlertPresentException expected) {
      // nothing ran
    }
  }

  private static String sign(String secret, String id, long ts, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
    return "v1,"
        + Base64.getEncoder()
            .encodeToString(
                mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
  }
}
