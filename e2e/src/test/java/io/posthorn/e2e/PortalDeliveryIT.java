package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The subscriber portal over the whole pipeline (issue 16), in a real headless Chromium: an
 * endpoint created through the form receives the test event sent from the portal at a real local
 * receiver; when the receiver fails, the failed attempt shows its status and response excerpt;
 * resent from its page it is delivered; a rotated secret signs beside the old one; a second
 * tenant's link shows none of it.
 */
@Timeout(180)
class PortalDeliveryIT {
  private static final RecordingReceiver receiver = RecordingReceiver.start();
  private static final AtomicBoolean failing = new AtomicBoolean();
  private static RegistryPipeline pipeline;
  private static PortalBrowser browser;

  @BeforeAll
  static void start() throws Exception {
    // one short retry step: a failing delivery is given up (final) after its second attempt
    pipeline =
        new RegistryPipeline(
            "portal", w -> w.retryLadder(new RetryLadder(List.of(Duration.ofMillis(300)))));
    receiver.respond(
        r ->
            failing.get()
                ? new ScriptedReply.Respond(
                    503, Map.of(), "receiver down for maintenance", Duration.ZERO)
                : ScriptedReply.ok());
    pipeline.call("POST", "/v1/api-keys", "{\"tenantId\": \"acme\"}");
    pipeline.call("POST", "/v1/api-keys", "{\"tenantId\": \"globex\"}");
    browser = new PortalBrowser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
    receiver.close();
  }

  private static void signIn(String tenant) throws Exception {
    browser.go(
        pipeline.call("POST", "/v1/tenants/" + tenant + "/portal-links", null).get("url").asText());
    browser.press("Open the portal");
  }

  private static String portal(String path) {
    return pipeline.registry.url() + "/portal" + path;
  }

  /** Reloads the attempts page until it shows {@code n} rows with {@code outcome}. */
  private static void awaitAttempts(String endpointId, String outcome, int n) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .untilAsserted(
            () -> {
              browser.go(portal("/endpoints/" + endpointId + "/attempts"));
              assertThat(browser.all("td span." + (outcome.equals("delivered") ? "ok" : "bad")))
                  .filteredOn(e -> e.getText().equals(outcome))
                  .hasSizeGreaterThanOrEqualTo(n);
            });
  }

  @Test
  void aTestEventFromThePortalIsDelivered_failsVisibly_andIsResent() throws Exception {
    signIn("acme");
    browser.press("New endpoint");
    browser.type("url", receiver.url("/portal-hook").toString());
    browser.type("description", "orders service");
    browser.find("input[value='posthorn.ping']").click();
    browser.press("Create endpoint");
    String secret = browser.find("#secret").getText();
    browser.follow("main a");
    String id = URI.create(browser.driver.getCurrentUrl()).getPath().replaceAll(".*/", "");
    await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.routed(id) != null);

    browser.press("Send a test event");
    awaitAttempts(id, "delivered", 1);
    assertThat(receiver.requests("/portal-hook")).hasSize(1);
    assertThat(receiver.requests("/portal-hook").get(0).header("webhook-signature"))
        .doesNotContain(" ");
    browser.check("attempts-delivered");

    failing.set(true);
    // an event from the product's outbox (a ping's body is not kept on the events topic)
    pipeline.emitPing("portal-failure");
    awaitAttempts(id, "failed", 2);
    browser.check("attempts-failed");
    browser.go(
        browser.all("tr").stream()
            .filter(r -> r.getText().contains("failed") && r.getText().contains("(final)"))
            .findFirst()
            .orElseThrow()
            .findElement(org.openqa.selenium.By.cssSelector("td a"))
            .getAttribute("href"));
    assertThat(browser.text())
        .contains("503", "receiver down for maintenance", "v1,******** (masked)");
    assertThat(browser.find("pre.body").getText()).contains("portal-failure");
    assertThat(browser.driver.getPageSource()).doesNotContain(secret);
    browser.check("attempt-failed");

    failing.set(false);
    browser.press("Resend this event");
    assertThat(browser.text()).contains("Sent again");
    awaitAttempts(id, "delivered", 2);

    browser.go(portal("/endpoints/" + id + "/secret"));
    browser.press("Rotate the secret");
    browser.press("Reveal the secret");
    String rotated = browser.find("#secret").getText();
    assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
    int before = receiver.requests("/portal-hook").size();
    browser.go(portal("/endpoints/" + id));
    browser.press("Send a test event");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> receiver.requests("/portal-hook").size() > before);
    // Both secrets sign during the overlap.
    assertThat(receiver.requests("/portal-hook").getLast().header("webhook-signature").split(" "))
        .hasSize(2);

    signIn("globex");
    assertThat(browser.text()).doesNotContain("portal-hook", "orders service");
    browser.go(portal("/endpoints/" + id + "/attempts"));
    assertThat(browser.find("h1").getText()).isEqualTo("Not found");
  }
}
