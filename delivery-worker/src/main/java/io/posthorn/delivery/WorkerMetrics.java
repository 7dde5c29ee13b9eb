package io.posthorn.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's Micrometer meters, fed by the same listener events as the logs and tests. Names:
 * {@code posthorn.worker.deliveries} (tags {@code outcome}, {@code status_class}),
 * {@code posthorn.worker.attempt.duration}, {@code posthorn.worker.delivery.latency} (occurred →
 * delivered), {@code posthorn.worker.endpoint.in_flight} (tag {@code endpoint}),
 * {@code posthorn.worker.parked} (tag {@code reason}), {@code posthorn.worker.retries.scheduled}
 * (tag {@code tier}), {@code posthorn.worker.dead_letters} (tag {@code reason}),
 * {@code posthorn.worker.handover.failures}, {@code posthorn.worker.quarantined},
 * {@code posthorn.worker.endpoints.rejected}, {@code posthorn.worker.endpoint.circuit} (tag
 * {@code endpoint}; 0 closed, 1 open, 2 half-open; registered when a circuit first opens). Tier lag is
 * {@link TierLag}. Consumer lag comes from the Kafka client metrics the
 * worker binds to the same registry ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
final class WorkerMetrics implements DeliveryListener {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer attemptDuration;
  private final Timer latency;
  private final EndpointGate gate;
  private final Set<String> inFlightGauges = ConcurrentHashMap.newKeySet();
  private final Set<String> circuitGauges = ConcurrentHashMap.newKeySet();
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();

  /** @param gate read for requests on the wire and circuit state per endpoint */
  WorkerMetrics(MeterRegistry registry, Clock clock, EndpointGate gate) {
    this.registry = registry;
    this.clock = clock;
    this.gate = gate;
    this.attemptDuration = Timer.builder("posthorn.worker.attempt.duration").publishPercentileHistogram()
        .description("HTTP attempt duration").register(registry);
    this.latency = Timer.builder("posthorn.worker.delivery.latency").publishPercentileHistogram()
        .description("from the event's occurred_at to its successful delivery").register(registry);
  }

  @Override
  public void attemptStarted(DeliveryRequest request) {
    String id = request.endpoint().id();
    if (inFlightGauges.add(id)) {
      Gauge.builder("posthorn.worker.endpoint.in_flight", () -> gate.inFlight(id)).tag("endpoint", id)
          .register(registry);
    }
  }

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    attemptDuration.record(outcome.duration());
    String kind = outcome.kind();
    String statusClass = outcome.status() == 0 ? "none" : (outcome.status() / 100) + "xx";
    outcomes.computeIfAbsent(kind + statusClass, k -> Counter.builder("posthorn.worker.deliveries")
        .tag("outcome", kind).tag("status_class", statusClass).register(registry)).increment();
    if (outcome instanceof AttemptOutcome.Delivered && request.occurredAt() != null) {
      try {
        Duration sinceOccurred = Duration.between(Instant.parse(request.occurredAt()), clock.instant());
        if (!sinceOccurred.isNegative()) { // a producer's clock ahead of ours only costs this sample
          latency.record(sinceOccurred);
        }
      } catch (DateTimeParseException e) {
        // An unreadable occurred-at header only costs this sample.
      }
    }
  }

  @Override
  public void parked(DeliveryTask task, String reason) {
    registry.counter("posthorn.worker.parked", "reason", reason).increment();
  }

  @Override
  public void retryScheduled(DeliveryTask task, int tier) {
    registry.counter("posthorn.worker.retries.scheduled", "tier", Integer.toString(tier)).increment();
  }

  @Override
  public void deadLettered(DeliveryTask task, DeadLetterReason reason) {
    registry.counter("posthorn.worker.dead_letters", "reason", reason.cause().word())
        .increment();
  }

  @Override
  public void handoverFailed(DeliveryTask task, Throwable error) {
    registry.counter("posthorn.worker.handover.failures").increment();
  }

  @Override
  public void quarantined(String record, String reason) {
    registry.counter("posthorn.worker.quarantined").increment();
  }

  @Override
  public void quarantineFailed(String record, Throwable error) {
    registry.counter("posthorn.worker.handover.failures").increment();
  }

  @Override
  public void circuitChanged(String endpointId, boolean open) {
    if (circuitGauges.add(endpointId)) {
      Gauge.builder("posthorn.worker.endpoint.circuit", () -> gate.circuit(endpointId).ordinal())
          .tag("endpoint", endpointId).register(registry);
    }
    registry.counter("posthorn.worker.circuit.changes", "to", open ? "open" : "closed").increment();
  }

  @Override
  public void endpointRejected(String endpointId, String reason) {
    registry.counter("posthorn.worker.endpoints.rejected").increment();
  }

}
