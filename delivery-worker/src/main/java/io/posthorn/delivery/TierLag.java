package io.posthorn.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code posthorn.worker.tier.lag} (tag {@code topic}, milliseconds): how late the retry loop took
 * the latest task from each tier (now − its due time), 0 once the tier's head is not yet due. It
 * grows when tasks fall due faster than the worker attempts them. Next to it, {@code
 * posthorn.worker.tier.step} (same tag and unit) is each retry tier's delay, so an alert can
 * compare a tier's lag with its own step whatever the ladder.
 */
final class TierLag {
  private final Map<String, Long> lagMillis = new ConcurrentHashMap<>();

  TierLag(MeterRegistry registry, List<String> topics) {
    this(registry, topics, Map.of());
  }

  /**
   * @param steps the delay of each retry tier, by topic (the redeliveries topic has none)
   */
  TierLag(MeterRegistry registry, List<String> topics, Map<String, Duration> steps) {
    steps.forEach(
        (topic, step) ->
            Gauge.builder("posthorn.worker.tier.step", step::toMillis)
                .tag("topic", topic)
                .baseUnit("milliseconds")
                .description("the retry tier's delay")
                .register(registry));
    for (String topic : topics) {
      lagMillis.put(topic, 0L);
      Gauge.builder("posthorn.worker.tier.lag", () -> lagMillis.getOrDefault(topic, 0L))
          .tag("topic", topic)
          .baseUnit("milliseconds")
          .register(registry);
    }
  }

  void took(String topic, Instant dueAt, Instant now) {
    lagMillis.put(
        topic, dueAt == null ? 0L : Math.max(0L, now.toEpochMilli() - dueAt.toEpochMilli()));
  }

  void headNotDue(String topic) {
    lagMillis.put(topic, 0L);
  }
}
