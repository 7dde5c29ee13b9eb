package io.posthorn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistryMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RegistryMetrics metrics =
      new RegistryMetrics(registry, () -> 42, List.of("attempt-retention"));

  @Test
  void requestsAreTimedByMethodRouteAndStatus() {
    metrics.requestAnswered("GET", "/v1/endpoints/{endpointId}", 200, Duration.ofMillis(12));
    metrics.requestAnswered("GET", "/v1/endpoints/{endpointId}", 200, Duration.ofMillis(30));
    metrics.requestAnswered("POST", "/v1/endpoints", 500, Duration.ofMillis(3));

    assertThat(
            registry
                .get("posthorn.registry.http.requests")
                .tags("method", "GET", "route", "/v1/endpoints/{endpointId}", "status", "200")
                .timer()
                .count())
        .isEqualTo(2);
    assertThat(
            registry
                .get("posthorn.registry.http.requests")
                .tags("status", "500")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(3);
  }

  @Test
  void countersWithKnownTagsExistAtZero_thenCountTheirEvents() {
    for (String reason : RegistryMetrics.DISABLE_REASONS) {
      assertThat(count("posthorn.registry.endpoints.auto_disabled", "reason", reason)).isZero();
    }
    for (String state : RegistryMetrics.RECOVERY_STATES) {
      assertThat(count("posthorn.registry.recoveries", "state", state)).isZero();
    }
    assertThat(count("posthorn.registry.housekeeping.runs", "outcome", "failed")).isZero();

    metrics.endpointAutoDisabled("ep_1", "gone");
    metrics.recovery("started");
    metrics.choreRan("attempt-retention", Duration.ofMillis(5), true);
    metrics.attemptsStored(7);

    assertThat(count("posthorn.registry.endpoints.auto_disabled", "reason", "gone")).isEqualTo(1);
    assertThat(count("posthorn.registry.recoveries", "state", "started")).isEqualTo(1);
    assertThat(count("posthorn.registry.housekeeping.runs", "outcome", "failed")).isEqualTo(1);
    assertThat(registry.get("posthorn.registry.attempts.stored").counter().count()).isEqualTo(7);
  }

  @Test
  void gaugesReadTheConsumerLagAndTheLastEndpointCount() {
    metrics.endpointsCounted(5, 2);

    assertThat(registry.get("posthorn.registry.attempts.lag").gauge().value()).isEqualTo(42);
    assertThat(registry.get("posthorn.registry.endpoints").tag("state", "enabled").gauge().value())
        .isEqualTo(5);
    assertThat(registry.get("posthorn.registry.endpoints").tag("state", "disabled").gauge().value())
        .isEqualTo(2);
  }

  private double count(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }
}
