package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TierLagTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final TierLag lag =
      new TierLag(
          registry,
          List.of("p.retry.1m", "p.redeliveries"),
          Map.of("p.retry.1m", Duration.ofMinutes(1)));

  @Test
  void eachRetryTierShowsItsStepNextToItsLag_soAnAlertCanCompareThem() {
    Instant due = Instant.parse("2026-01-01T00:00:00Z");
    lag.took("p.retry.1m", due, due.plusSeconds(90));

    assertThat(value("posthorn.worker.tier.lag", "p.retry.1m")).isEqualTo(90_000);
    assertThat(value("posthorn.worker.tier.step", "p.retry.1m")).isEqualTo(60_000);
    assertThat(registry.find("posthorn.worker.tier.step").tag("topic", "p.redeliveries").gauge())
        .as("the redeliveries topic has no step")
        .isNull();
  }

  private double value(String name, String topic) {
    return registry.get(name).tag("topic", topic).gauge().value();
  }
}
