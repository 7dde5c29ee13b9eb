package io.posthorn.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code posthorn.worker.tier.lag} (tag {@code topic}, milliseconds): how late the retry loop took
 * the latest task from each tier (now − its due time), 0 once the tier's head is not yet due. It
 * grows when tasks fall due faster than the worker attempts them.
 */
final class TierLag {
  private final Map<String, Long> lagMillis = new ConcurrentHashMap<>();

  TierLag(MeterRegistry registry, List<String> topics) {
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
