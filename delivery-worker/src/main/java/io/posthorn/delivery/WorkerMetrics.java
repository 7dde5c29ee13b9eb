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
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The worker's Micrometer meters, fed by the same listener events as the logs and tests. Names:
 * {@code posthorn.worker.deliveries} (tags {@code outcome}, {@code status_class}), {@code
 * posthorn.worker.attempt.duration}, {@code posthorn.worker.delivery.latency} (occurred →
 * delivered), {@code posthorn.worker.endpoint.in_flight} (tag {@code endpoint}), {@code
 * posthorn.worker.parked} (tag {@code reason}), {@code posthorn.worker.lanes.queued} (deliveries
 * waiting in the endpoints' lanes), {@code posthorn.worker.circuit.holds} (a delivery held through
 * one more cool-down of an open circuit), {@code posthorn.worker.retries.scheduled} (tag {@code
 * tier}), {@code posthorn.worker.dead_letters} (tag {@code reason}), {@code
 * posthorn.worker.handover.failures}, {@code posthorn.worker.quarantined}, {@code
 * posthorn.worker.endpoints.rejected}, {@code posthorn.worker.skipped} (tag {@code reason} = {@code
 * schema_version}: an event not delivered to an endpoint that pins other versions of its type),
 * {@code posthorn.worker.endpoint.circuit} (tag {@code endpoint}; 0 closed, 1 open, 2 half-open),
 * {@code posthorn.worker.endpoint.deliveries} (tags {@code endpoint}, {@code outcome}), {@code
 * posthorn.worker.endpoint.attempt.duration} (tag {@code endpoint}; count, sum and max, no
 * histogram: one per endpoint would cost ~70 series), {@code posthorn.worker.circuits.open}
 * (endpoints whose circuit is not closed), {@code posthorn.worker.attempt_records.waiting} (attempt
 * records Kafka refused, waiting to be sent again). The per-endpoint meters appear with an
 * endpoint's first attempt and are removed when the endpoint is deleted ({@link #forget}); counters
 * with a known set of tag values exist from the start, at zero (docs/decisions/0033). Tier lag is
 * {@link TierLag}. Consumer lag comes from the Kafka client metrics the worker binds to the same
 * registry ({@code kafka.consumer.fetch.manager.records.lag.max}).
 */
final class WorkerMetrics implements DeliveryListener {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer attemptDuration;
  private final Timer latency;
  private final EndpointGate gate;
  private final Map<String, Gauge> inFlightGauges = new ConcurrentHashMap<>();
  private final Map<String, Gauge> circuitGauges = new ConcurrentHashMap<>();
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final Map<String, EndpointMeters> perEndpoint = new ConcurrentHashMap<>();
  private final Set<String> openCircuits = ConcurrentHashMap.newKeySet();
  private final Counter holds;

  /**
   * @param gate read for requests on the wire and circuit state per endpoint
   * @param queued deliveries waiting in the endpoints' lanes
   * @param recordsWaiting attempt records Kafka refused, waiting to be sent again
   */
  WorkerMetrics(
      MeterRegistry registry,
      Clock clock,
      EndpointGate gate,
      IntSupplier queued,
      IntSupplier recordsWaiting) {
    this.registry = registry;
    this.clock = clock;
    this.gate = gate;
    Gauge.builder("posthorn.worker.lanes.queued", queued::getAsInt)
        .description("deliveries waiting in memory for their endpoint's next free slot")
        .register(registry);
    Gauge.builder("posthorn.worker.attempt_records.waiting", recordsWaiting::getAsInt)
        .description("attempt records Kafka refused, waiting to be sent again")
        .register(registry);
    Gauge.builder("posthorn.worker.circuits.open", openCircuits::size)
        .description("endpoints whose circuit is open or half-open")
        .register(registry);
    for (DeadLetterReason.Cause cause : DeadLetterReason.Cause.values()) {
      registry.counter("posthorn.worker.dead_letters", "reason", cause.word());
    }
    for (EndpointGate.Admission refusal : EndpointGate.Admission.values()) {
      if (refusal != EndpointGate.Admission.ADMITTED) {
        registry.counter("posthorn.worker.parked", "reason", refusal.reason);
      }
    }
    registry.counter("posthorn.worker.handover.failures");
    registry.counter("posthorn.worker.quarantined");
    registry.counter("posthorn.worker.endpoints.rejected");
    registry.counter("posthorn.worker.skipped", "reason", "schema_version");
    registry.counter("posthorn.worker.circuit.changes", "to", "open");
    registry.counter("posthorn.worker.circuit.changes", "to", "closed");
    this.holds =
        Counter.builder("posthorn.worker.circuit.holds")
            .description(
                "a delivery held, unsent, through one more cool-down of its endpoint's open circuit")
            .register(registry);
    this.attemptDuration =
        Timer.builder("posthorn.worker.attempt.duration")
            .publishPercentileHistogram()
            .description("HTTP attempt duration")
            .register(registry);
    this.latency =
        Timer.builder("posthorn.worker.delivery.latency")
            .publishPercentileHistogram()
            .description("from the event's occurred_at to its successful delivery")
            .register(registry);
  }

  @Override
  public void attemptStarted(DeliveryRequest request) {
    String id = request.endpoint().id();
    inFlightGauges.computeIfAbsent(
        id,
        k ->
            Gauge.builder("posthorn.worker.endpoint.in_flight", () -> gate.inFlight(k))
                .tag("endpoint", k)
                .register(registry));
    circuitGauge(id);
  }

  private void circuitGauge(String endpointId) {
    circuitGauges.computeIfAbsent(
        endpointId,
        k ->
            Gauge.builder("posthorn.worker.endpoint.circuit", () -> gate.circuit(k).ordinal())
                .tag("endpoint", k)
                .register(registry));
  }

  @Override
  public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
    attemptDuration.record(outcome.duration());
    String kind = outcome.kind();
    String statusClass = outcome.status() == 0 ? "none" : (outcome.status() / 100) + "xx";
    outcomes
        .computeIfAbsent(
            kind + statusClass,
            k ->
                Counter.builder("posthorn.worker.deliveries")
                    .tag("outcome", kind)
                    .tag("status_class", statusClass)
                    .register(registry))
        .increment();
    EndpointMeters mine = endpointMeters(request.endpoint().id());
    mine.deliveries(kind).increment();
    mine.duration().record(outcome.duration());
    if (outcome instanceof AttemptOutcome.Delivered && request.occurredAt() != null) {
      try {
        Duration sinceOccurred =
            Duration.between(OccurredAt.parse(request.occurredAt()), clock.instant());
        if (!sinceOccurred
            .isNegative()) { // a producer's clock ahead of ours only costs this sample
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
  public void circuitHeld(DeliveryTask task, int count) {
    holds.increment();
  }

  @Override
  public void retryScheduled(DeliveryTask task, int tier) {
    registry
        .counter("posthorn.worker.retries.scheduled", "tier", Integer.toString(tier))
        .increment();
  }

  @Override
  public void deadLettered(DeliveryTask task, DeadLetterReason reason) {
    registry.counter("posthorn.worker.dead_letters", "reason", reason.cause().word()).increment();
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
    circuitGauge(endpointId);
    if (open) {
      openCircuits.add(endpointId);
    } else {
      openCircuits.remove(endpointId);
    }
    registry.counter("posthorn.worker.circuit.changes", "to", open ? "open" : "closed").increment();
  }

  @Override
  public void endpointRejected(String endpointId, String reason) {
    registry.counter("posthorn.worker.endpoints.rejected").increment();
  }

  @Override
  public void versionNotAccepted(
      String endpointId, String eventId, String eventType, int schemaVersion) {
    registry.counter("posthorn.worker.skipped", "reason", "schema_version").increment();
  }

  /**
   * An endpoint's meters, registered once and then looked up by endpoint id (and outcome): building
   * and registering them on every attempt cost a meter-id lookup per attempt (decision 0056).
   */
  private EndpointMeters endpointMeters(String id) {
    return perEndpoint.computeIfAbsent(
        id,
        k ->
            new EndpointMeters(
                registry,
                k,
                Timer.builder("posthorn.worker.endpoint.attempt.duration")
                    .tag("endpoint", k)
                    .register(registry)));
  }

  /** One endpoint's attempt-duration timer and its delivery counters by outcome. */
  private record EndpointMeters(
      MeterRegistry registry, String id, Timer duration, Map<String, Counter> deliveries) {
    EndpointMeters(MeterRegistry registry, String id, Timer duration) {
      this(registry, id, duration, new ConcurrentHashMap<>());
    }

    Counter deliveries(String outcome) {
      return deliveries.computeIfAbsent(
          outcome,
          o ->
              Counter.builder("posthorn.worker.endpoint.deliveries")
                  .tag("endpoint", id)
                  .tag("outcome", o)
                  .register(registry));
    }
  }

  /** Removes the meters of a deleted endpoint, so their number follows the routing table. */
  void forget(String endpointId) {
    Gauge g = inFlightGauges.remove(endpointId);
    if (g != null) {
      registry.remove(g);
    }
    g = circuitGauges.remove(endpointId);
    if (g != null) {
      registry.remove(g);
    }
    EndpointMeters mine = perEndpoint.remove(endpointId);
    if (mine != null) {
      registry.remove(mine.duration());
      mine.deliveries.values().forEach(registry::remove);
    }
    openCircuits.remove(endpointId);
  }

  /** Endpoints with meters of their own. */
  int endpointsMetered() {
    Set<String> ids = new java.util.HashSet<>(inFlightGauges.keySet());
    ids.addAll(circuitGauges.keySet());
    return ids.size();
  }
}
