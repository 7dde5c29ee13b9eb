package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Auto-disable from the attempt log, with an injected clock: a 410 or {@code webhook-delivery:
 * disable} disables at once, failing with no success for the window disables when the window has
 * passed; either way the disable reaches the feed and writes one {@code
 * posthorn.endpoint.disabled}.
 */
class AutoDisableIT {
  private static final Duration WINDOW = Duration.ofDays(3);
  private static final ManualClock clock =
      new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private static RegistryFixture f;
  private static AttemptRecordsProducer attempts;
  private static String acme;

  @BeforeAll
  static void start() {
    // The clock jumps days ahead: keep feed and outbox rows past the jumps, the assertions read
    // them.
    f =
        new RegistryFixture(
            b ->
                b.autoDisableAfter(WINDOW)
                    .feedRetention(Duration.ofDays(365))
                    .housekeepingInterval(Duration.ofMillis(200)),
            clock);
    attempts =
        new AttemptRecordsProducer(f.stack.kafka().bootstrapServers(), f.config.attemptsTopic());
    acme = f.tenantKey("acme");
  }

  @AfterAll
  static void stop() {
    attempts.close();
    f.close();
  }

  @Test
  void a410DisablesAtOnceWithOneOperationalEventAndTheFeedRow() {
    String ep = endpoint();
    Instant t = clock.instant().plusSeconds(1);
    attempts.attempt(ep, "ev-1", 1, t, 5, "delivered", false);
    attempts.attempt(ep, "ev-2", 1, t.plusSeconds(1), 5, "gone", true);

    await().atMost(Duration.ofSeconds(30)).until(() -> status(ep).equals("disabled"));
    attempts.attempt(ep, "ev-3", 1, t.plusSeconds(2), 5, "gone", true);
    awaitLogged(ep, 3);

    assertThat(get(ep).path("disabledReason").asText()).isEqualTo("the endpoint answered 410 Gone");
    assertThat(disabledEvents(ep)).isEqualTo(1);
    assertThat(
            f.text(
                "SELECT payload->>'reason' FROM posthorn.outbox WHERE aggregate_id = '" + ep + "'"))
        .isEqualTo("the endpoint answered 410 Gone");
    assertThat(f.text("SELECT tenant_id FROM posthorn.outbox WHERE aggregate_id = '" + ep + "'"))
        .isEqualTo("acme");
    assertThat(
            f.text(
                "SELECT document->>'status' FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                    + ep
                    + "' ORDER BY seq DESC LIMIT 1"))
        .isEqualTo("disabled");
  }

  @Test
  void failingWithNoSuccessDisablesOnlyOnceTheWindowHasPassed() {
    String ep = endpoint();
    String healthy = endpoint();
    Instant t = clock.instant().plusSeconds(1);
    attempts.attempt(ep, "ev-1", 1, t, 5, "delivered", false);
    attempts.attempt(ep, "ev-2", 1, t.plusSeconds(1), 5, "failed", false);
    attempts.attempt(healthy, "ev-1", 1, t, 5, "failed", false);
    attempts.attempt(healthy, "ev-2", 1, t.plusSeconds(1), 5, "delivered", false);
    awaitLogged(ep, 2);
    awaitLogged(healthy, 2);

    clock.advance(WINDOW.minusMinutes(1));
    attempts.attempt(ep, "ev-3", 1, clock.instant(), 5, "failed", false);
    awaitLogged(ep, 3); // checked after its batch: still inside the window
    assertThat(status(ep)).isEqualTo("enabled");

    clock.advance(Duration.ofMinutes(2));
    await().atMost(Duration.ofSeconds(30)).until(() -> status(ep).equals("disabled"));

    assertThat(get(ep).path("disabledReason").asText()).startsWith("every attempt failed for 72h");
    assertThat(disabledEvents(ep)).isEqualTo(1);
    assertThat(status(healthy)).isEqualTo("enabled");
    assertThat(disabledEvents(healthy)).isZero();
  }

  @Test
  void reEnablingStartsAFreshWindowAndTheNextDisableAnnouncesItselfAgain() {
    String ep = endpoint();
    attempts.attempt(ep, "ev-1", 1, clock.instant().plusSeconds(1), 5, "failed", false);
    awaitLogged(ep, 1);
    clock.advance(WINDOW.plusMinutes(1));
    await().atMost(Duration.ofSeconds(30)).until(() -> status(ep).equals("disabled"));

    f.api.post("/v1/endpoints/" + ep + "/enable", acme, null);
    attempts.attempt(ep, "ev-2", 1, clock.instant().plusSeconds(1), 5, "failed", false);
    awaitLogged(ep, 2);
    assertThat(status(ep)).isEqualTo("enabled");
    f.api.post("/v1/endpoints/" + ep + "/disable", acme, "{\"reason\":\"by hand\"}");
    f.api.post("/v1/endpoints/" + ep + "/disable", acme, "{\"reason\":\"again\"}");

    assertThat(disabledEvents(ep)).isEqualTo(2);
    assertThat(
            f.text(
                    "SELECT string_agg(payload->>'reason', '|' ORDER BY payload->>'reason')"
                        + " FROM posthorn.outbox WHERE aggregate_id = '"
                        + ep
                        + "'")
                .split("\\|"))
        .satisfiesExactly(
            r -> assertThat(r).isEqualTo("by hand"),
            r -> assertThat(r).startsWith("every attempt failed for 72h"));
  }

  private static String endpoint() {
    return f.api
        .post(
            "/v1/endpoints",
            acme,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]}")
        .json()
        .path("id")
        .asText();
  }

  private static JsonNode get(String ep) {
    return f.api.get("/v1/endpoints/" + ep, acme).json();
  }

  private static String status(String ep) {
    return get(ep).path("status").asText();
  }

  private static long disabledEvents(String ep) {
    return f.count(
        "SELECT count(*) FROM posthorn.outbox WHERE event_type = 'posthorn.endpoint.disabled'"
            + " AND aggregate_id = '"
            + ep
            + "'");
  }

  private static void awaitLogged(String ep, int n) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                f.count(
                        "SELECT count(*) FROM posthorn_registry.attempts"
                            + " WHERE endpoint_id = '"
                            + ep
                            + "'")
                    == n);
  }
}
