package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Housekeeping deletes feed rows and the registry's outbox rows once they are past the retention.
 */
class FeedPurgeIT {
  @Test
  void feedAndOutboxRowsPastTheRetentionAreDeletedAndNewerOnesKept() {
    ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    try (RegistryFixture f =
        new RegistryFixture(
            b -> b.feedRetention(Duration.ofHours(1)).housekeepingInterval(Duration.ofMillis(200)),
            clock)) {
      String key = f.tenantKey("acme");
      String old =
          f.api
              .post(
                  "/v1/endpoints",
                  key,
                  "{\"url\":\"https://hooks.acme.example/old\",\"eventTypes\":[\"*\"]}")
              .json()
              .path("id")
              .asText();
      f.api.post("/v1/endpoints/" + old + "/disable", key, "{\"reason\":\"moving\"}");
      assertThat(rows(f, old)).as("feed rows and the disabled event").isEqualTo(3);

      clock.advance(Duration.ofHours(2));
      String recent =
          f.api
              .post(
                  "/v1/endpoints",
                  key,
                  "{\"url\":\"https://hooks.acme.example/new\",\"eventTypes\":[\"*\"]}")
              .json()
              .path("id")
              .asText();

      await().atMost(Duration.ofSeconds(30)).until(() -> rows(f, old) == 0);
      assertThat(
              f.count(
                  "SELECT count(*) FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                      + recent
                      + "'"))
          .as("written by the clock's now: inside the retention")
          .isEqualTo(1);
      assertThat(f.api.get("/v1/endpoints/" + old, key).json().path("status").asText())
          .as("purging the feed changes no endpoint")
          .isEqualTo("disabled");
    }
  }

  private static long rows(RegistryFixture f, String endpointId) {
    return f.count(
            "SELECT count(*) FROM posthorn_registry.endpoint_feed WHERE endpoint_id = '"
                + endpointId
                + "'")
        + f.count("SELECT count(*) FROM posthorn.outbox WHERE aggregate_id = '" + endpointId + "'");
  }
}
