package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.task.DeliveryTask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The events' router: sends one event to every endpoint the routing table matches, and reports the
 * record finished to the {@link OffsetTracker} once every one of those deliveries is resolved
 * (delivered, or durably handed to a retry tier or the dead-letter topic). A record that cannot be
 * routed is quarantined to the invalid-events topic, never skipped. Counts unresolved deliveries
 * for back-pressure, except those waiting in their endpoint's lane, and apart those that only wait
 * for Kafka's acknowledgement ({@link InFlight}): a slow endpoint never holds back the others.
 *
 * <p>An endpoint that pins schema versions of the event's type (decision 0047) and not the event's
 * ({@code posthorn-schema-version} header) does not get it: the listener hears of it (a meter, a
 * DEBUG line), and nothing is attempted or recorded for that endpoint.
 */
final class FanOut implements RecordRouter {
  private final Supplier<RoutingTable> routing;
  private final DeliveryPipeline pipeline;
  private final OffsetTracker offsets;
  private final Quarantine quarantine;
  private final DeliveryListener listener;
  private final InFlight open = new InFlight();

  FanOut(
      Supplier<RoutingTable> routing,
      DeliveryPipeline pipeline,
      OffsetTracker offsets,
      Quarantine quarantine,
      DeliveryListener listener) {
    this.routing = routing;
    this.pipeline = pipeline;
    this.offsets = offsets;
    this.quarantine = quarantine;
    this.listener = listener;
  }

  /**
   * Starts every delivery of the event; one whose endpoint cannot take it now waits in that
   * endpoint's lane.
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
    List<Endpoint> targets =
        acceptingVersion(event, routing.get().match(event.eventType(), event.tenantId()));
    offsets.polled(event.partition(), event.offset());
    if (targets.isEmpty()) {
      offsets.finished(event.partition(), event.offset());
      return HANDED;
    }
    DeliveryTask.Origin origin =
        new DeliveryTask.Origin(
            event.partition().topic(), event.partition().partition(), event.offset());
    AtomicInteger remaining = new AtomicInteger(targets.size());
    for (Endpoint endpoint : targets) {
      open.started();
      DeliveryTask task =
          DeliveryTask.fresh(
              new DeliveryTask.Identity(
                  endpoint.id(),
                  event.eventId(),
                  event.eventType(),
                  event.tenantId(),
                  event.traceId(),
                  event.occurredAt(),
                  event.body(),
                  origin));
      pipeline.deliver(
          endpoint,
          task,
          new Ticket(
              event.partition(),
              open,
              () -> {
                if (remaining.decrementAndGet() == 0) {
                  offsets.finished(event.partition(), event.offset());
                }
              }));
    }
    return HANDED;
  }

  /** The subscribed endpoints that accept the event's schema version (all, unless some pin). */
  private List<Endpoint> acceptingVersion(InboundEvent event, List<Endpoint> subscribed) {
    List<Endpoint> accepting = null; // a copy only when some endpoint declines
    for (int i = 0; i < subscribed.size(); i++) {
      Endpoint e = subscribed.get(i);
      if (e.eventTypes().acceptsVersion(event.eventType(), event.schemaVersion())) {
        if (accepting != null) {
          accepting.add(e);
        }
      } else {
        listener.versionNotAccepted(
            e.id(), event.eventId(), event.eventType(), event.schemaVersion());
        if (accepting == null) {
          accepting = new ArrayList<>(subscribed.subList(0, i));
        }
      }
    }
    return accepting == null ? subscribed : accepting;
  }

  @Override
  public void revoked(Collection<TopicPartition> partitions) {
    pipeline.revoked(partitions);
  }

  /** Deliveries started and not yet resolved, not counting those waiting in a lane. */
  @Override
  public void quarantine(ConsumerRecord<byte[], byte[]> record, String reason) {
    quarantine.hold(record, reason);
  }

  @Override
  public int open() {
    return open.sending();
  }

  @Override
  public int acknowledging() {
    return open.acknowledging();
  }
}
