package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.task.DeliveryTask;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends one event to every endpoint the routing table matches, and reports the record finished to
 * the {@link OffsetTracker} once every one of those deliveries is resolved (delivered, or durably
 * handed to a retry tier or the dead-letter topic). Counts unresolved deliveries for back-pressure.
 */
final class FanOut {
  private final Supplier<RoutingTable> routing;
  private final EndpointGate gate;
  private final DeliveryPipeline pipeline;
  private final OffsetTracker offsets;
  private final AtomicInteger open = new AtomicInteger();

  FanOut(Supplier<RoutingTable> routing, EndpointGate gate, DeliveryPipeline pipeline, OffsetTracker offsets) {
    this.routing = routing;
    this.gate = gate;
    this.pipeline = pipeline;
    this.offsets = offsets;
  }

  /**
   * Starts every delivery of the event, or none of them and returns {@code false} when a target
   * endpoint asks for a moment ({@link EndpointGate#shouldWait}): the caller offers it again shortly.
   * Consumer thread only.
   */
  boolean tryDeliver(InboundEvent event) {
    List<Endpoint> targets = routing.get().match(event.eventType(), event.tenantId());
    for (Endpoint endpoint : targets) {
      if (gate.shouldWait(endpoint)) {
        return false;
      }
    }
    offsets.polled(event.partition(), event.offset());
    if (targets.isEmpty()) {
      offsets.finished(event.partition(), event.offset());
      return true;
    }
    DeliveryTask.Origin origin =
        new DeliveryTask.Origin(event.partition().topic(), event.partition().partition(), event.offset());
    AtomicInteger remaining = new AtomicInteger(targets.size());
    for (Endpoint endpoint : targets) {
      open.incrementAndGet();
      DeliveryTask task = DeliveryTask.fresh(endpoint.id(), event.eventId(), event.eventType(), event.tenantId(),
          event.traceId(), event.occurredAt(), event.body(), origin);
      pipeline.deliver(endpoint, task, () -> {
        open.decrementAndGet();
        if (remaining.decrementAndGet() == 0) {
          offsets.finished(event.partition(), event.offset());
        }
      });
    }
    return true;
  }

  /** Deliveries started and not yet resolved. */
  int open() {
    return open.get();
  }
}
