package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.task.DeliveryTask;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The events' router: sends one event to every endpoint the routing table matches, and reports the
 * record finished to the {@link OffsetTracker} once every one of those deliveries is resolved
 * (delivered, or durably handed to a retry tier or the dead-letter topic). A record that cannot be
 * routed is quarantined to the invalid-events topic, never skipped. Counts unresolved deliveries
 * for back-pressure.
 */
final class FanOut implements RecordRouter {
  private final Supplier<RoutingTable> routing;
  private final EndpointGate gate;
  private final DeliveryPipeline pipeline;
  private final OffsetTracker offsets;
  private final Quarantine quarantine;
  private final AtomicInteger open = new AtomicInteger();

  FanOut(Supplier<RoutingTable> routing, EndpointGate gate, DeliveryPipeline pipeline, OffsetTracker offsets,
      Quarantine quarantine) {
    this.routing = routing;
    this.gate = gate;
    this.pipeline = pipeline;
    this.offsets = offsets;
    this.quarantine = quarantine;
  }

  /**
   * Starts every delivery of the event, or none of them and answers {@link RecordRouter#WAIT} when a
   * target endpoint asks for a moment ({@link EndpointGate#shouldWait}).
   */
  @Override
  public Verdict route(ConsumerRecord<byte[], byte[]> record) {
    InboundEvent event;
    try {
      event = InboundEvent.of(record);
    } catch (UnroutableEventException e) {
      quarantine.hold(record, e.getMessage());
      return HANDED;
    }
    List<Endpoint> targets = routing.get().match(event.eventType(), event.tenantId());
    for (Endpoint endpoint : targets) {
      if (gate.shouldWait(endpoint)) {
        return WAIT;
      }
    }
    offsets.polled(event.partition(), event.offset());
    if (targets.isEmpty()) {
      offsets.finished(event.partition(), event.offset());
      return HANDED;
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
    return HANDED;
  }

  /** Deliveries started and not yet resolved. */
  @Override
  public void quarantine(ConsumerRecord<byte[], byte[]> record, String reason) {
    quarantine.hold(record, reason);
  }

  @Override
  public int open() {
    return open.get();
  }
}
