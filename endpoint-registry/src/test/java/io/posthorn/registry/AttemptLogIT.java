package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The attempt log on the real stack: records on the attempts topic land in PostgreSQL once each,
 * the query API pages and filters them per endpoint and per event, stats summarise them, tenants
 * see only their own, and the retention deletes old ones.
 */
class AttemptLogIT {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
  private static final String SHARED_EVENT = "0190f5a2-7c1e-7a3b-9d2f-5c8e1b4a6f00";
  private static RegistryFixture f;
  private static AttemptRecordsProducer attempts;
  private static String acme;
  private static String globex;

  @BeforeAll
  static void start() {
    f =
        new RegistryFixture(
            b ->
                b.attemptRetention(Duration.ofDays(1))
                    .housekeepingInterval(Duration.ofMillis(200)));
    attempts =
        new AttemptRecordsProducer(f.stack.kafka().bootstrapServers(), f.config.attemptsTopic());
    acme = f.tenantKey("acme");
    globex = f.tenantKey("globex");
  }

  @AfterAll
  static void stop() {
    attempts.close();
    f.close();
  }

  private static String endpoint(String key) {
    return f.api
        .post(
            "/v1/endpoints",
            key,
            "{\"url\":\"https://hooks.acme.example/in\",\"eventTypes\":[\"*\"]}")
        .json()
        .path("id")
        .asText();
  }

  private static long logged(String endpointId) {
    return f.count(
        "SELECT count(*) FROM posthorn_registry.attempts WHERE endpoint_id = '" + endpointId + "'");
  }

  @Test
  void everyRecordIsLoggedOnceEvenWhenProducedTwiceAndMalformedOnesAreSkipped() {
    String ep = endpoint(acme);
    Instant t = NOW.minusSeconds(60);
    attempts.send(ep, "{\"not\": \"an attempt\"}");
    attempts.attempt(ep, "ev-1", 1, t, 12, "failed", false);
    attempts.attempt(ep, "ev-1", 1, t, 12, "failed", false);
    attempts.attempt(ep, "ev-1", 2, t.plusSeconds(5), 15, "delivered", false);

    await().atMost(Duration.ofSeconds(30)).until(() -> logged(ep) == 2);
    attempts.attempt(
        ep, "ev-2", 1, t.plusSeconds(6), 9, "delivered", false); // a marker behind the duplicates
    await().atMost(Duration.ofSeconds(30)).until(() -> logged(ep) == 3);

    assertThat(logged(ep)).isEqualTo(3);
  }

  @Test
  void anEndpointsAttemptsPageNewestFirstAndFilterByOutcomeStatusAndTime() {
    String ep = endpoint(acme);
    for (int i = 0; i < 5; i++) {
      attempts.attempt(
          ep,
          "ev-" + i,
          1,
          NOW.minusSeconds(100 - i),
          10,
          i % 2 == 0 ? "failed" : "delivered",
          false);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> logged(ep) == 5);
    String base = "/v1/endpoints/" + ep + "/attempts";

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      JsonNode page =
          f.api.get(base + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), acme).json();
      page.path("data").forEach(a -> paged.add(a.path("eventId").asText()));
      cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
    } while (cursor != null);
    JsonNode failed = f.api.get(base + "?outcome=failed", acme).json().path("data");
    JsonNode ok = f.api.get(base + "?status=200", acme).json().path("data");
    JsonNode window =
        f.api
            .get(base + "?since=" + NOW.minusSeconds(99) + "&until=" + NOW.minusSeconds(97), acme)
            .json()
            .path("data");

    assertThat(paged).containsExactly("ev-4", "ev-3", "ev-2", "ev-1", "ev-0");
    assertThat(failed)
        .extracting(a -> a.path("eventId").asText())
        .containsExactly("ev-4", "ev-2", "ev-0");
    assertThat(ok).extracting(a -> a.path("eventId").asText()).containsExactly("ev-3", "ev-1");
    assertThat(window).extracting(a -> a.path("eventId").asText()).containsExactly("ev-2", "ev-1");
    assertThat(failed.get(0).path("error").asText()).isEqualTo("HTTP 500");
  }

  @Test
  void statsGiveSuccessRateLastSuccessAndDurationPercentiles() {
    String ep = endpoint(acme);
    for (int i = 1; i <= 100; i++) {
      attempts.attempt(
          ep, "ev-" + i, 1, NOW.minusSeconds(1000 - i), i, i <= 75 ? "delivered" : "failed", false);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> logged(ep) == 100);

    JsonNode stats = f.api.get("/v1/endpoints/" + ep + "/stats", acme).json();

    assertThat(stats.path("attempts").asLong()).isEqualTo(100);
    assertThat(stats.path("successRate").asDouble()).isEqualTo(0.75);
    assertThat(stats.path("lastSuccessAt").asText())
        .isEqualTo(NOW.minusSeconds(1000 - 75).toString());
    assertThat(stats.path("durationMs").path("p50").asLong()).isEqualTo(50);
    assertThat(stats.path("durationMs").path("p99").asLong()).isEqualTo(99);
  }

  @Test
  void anEventsAttemptsShowOnlyTheCallersEndpointsAndOtherTenantsGet404() {
    String mine = endpoint(acme);
    String theirs = endpoint(globex);
    attempts.attempt(mine, SHARED_EVENT, 1, NOW.minusSeconds(30), 5, "delivered", false);
    attempts.attempt(theirs, SHARED_EVENT, 1, NOW.minusSeconds(29), 5, "failed", false);
    await().atMost(Duration.ofSeconds(30)).until(() -> logged(mine) + logged(theirs) == 2);

    JsonNode forAcme =
        f.api.get("/v1/events/" + SHARED_EVENT + "/attempts", acme).json().path("data");
    JsonNode forAdmin =
        f.api
            .get("/v1/events/" + SHARED_EVENT + "/attempts", RegistryFixture.ADMIN_KEY)
            .json()
            .path("data");

    assertThat(forAcme).extracting(a -> a.path("endpointId").asText()).containsExactly(mine);
    assertThat(forAdmin)
        .extracting(a -> a.path("endpointId").asText())
        .containsExactly(theirs, mine);
    for (String path : List.of("/attempts", "/stats")) {
      Api.Response r = f.api.get("/v1/endpoints/" + theirs + path, acme);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.text()).doesNotContain(SHARED_EVENT);
    }
  }

  @Test
  void badQueriesAreRefusedNamingTheParameter() {
    String ep = endpoint(acme);
    String base = "/v1/endpoints/" + ep + "/attempts?";
    for (String[] bad :
        new String[][] {
          {"outcome=lost", "outcome"},
          {"status=abc", "status"},
          {"since=yesterday", "since"},
          {"until=2026-13-01", "until"},
          {"cursor=bm9wZQ", "cursor"},
          {
            "cursor="
                + java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("attempts:x".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "cursor"
          },
          {"limit=101", "limit"}
        }) {
      Api.Response r = f.api.get(base + bad[0], acme);
      assertThat(r.status()).as(bad[0]).isEqualTo(400);
      assertThat(r.json().path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
  }

  @Test
  void theRetentionDeletesAttemptsOlderThanItsWindow() {
    String ep = endpoint(acme);
    attempts.attempt(ep, "ev-old", 1, NOW.minus(Duration.ofDays(2)), 5, "failed", false);
    attempts.attempt(ep, "ev-new", 1, NOW.minusSeconds(5), 5, "delivered", false);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                f.count(
                        "SELECT count(*) FROM posthorn_registry.attempts"
                            + " WHERE endpoint_id = '"
                            + ep
                            + "' AND event_id = 'ev-new'")
                    == 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> logged(ep) == 1);

    assertThat(
            f.text(
                "SELECT event_id FROM posthorn_registry.attempts WHERE endpoint_id = '" + ep + "'"))
        .isEqualTo("ev-new");
  }
}
