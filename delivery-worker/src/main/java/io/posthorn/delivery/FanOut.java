package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Clock;
import java.time.Duration;
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
 * for Kafka's acknowledgement ({@link InFlight}): a slow endpoint never holds back the others. A
 * delivery to an ordered endpoint of an event with a key goes through its aggregate's queue ({@link
 * AggregateQueues}, decision 0045); an event without a key has no aggregate to keep in order and
 * goes straight on.
 *
 * <p>An endpoint that pins schema versions of the event's type (decision 0047) and not the event's
 * ({@code posthorn-schema-version} header) does not get it: the listener hears of it (a meter, a
 * DEBUG line), and nothing is attempted or recorded for that endpoint. The version filter comes
 * first: only the endpoints that accept the event count when deciding whether it must wait for room
 * in the ordered queues.
 */
final class FanOut implements RecordRouter {
  private final Supplier<RoutingTable> routing;
  private final DeliveryPipeline pipeline;
  private final OffsetTracker offsets;
  private final Quarantine quarantine;
  private final AggregateQueues ordered;
  private final Clock clock;
  private final DeliveryListener listener;
  private final InFlight open = new InFlight();

  /** How long a record waits while the ordered queues are full before it is offered again. */
  static final Duration ORDERED_FULL_WAIT = Duration.ofMillis(100);

  /**
   * @param ordered the queues of ordered endpoints' deliveries (decision 0045)
   */
  FanOut(
      Supplier<RoutingTable> routing,
      DeliveryPipeline pipeline,
      OffsetTracker offsets,
      Quarantine quarantine,
      AggregateQueues ordered,
      Clock clock,
      DeliveryListener listener) {
    this.routing = routing;
    this.pipeline = pipeline;
    this.offsets = offsets;
    this.quarantine = quarantine;
    this.ordered = ordered;
    this.clock = clock;
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
    List<Endpoint> subscribed = routing.get().match(event.eventType(), event.tenantId());
    List<Endpoint> targets = acceptingVersion(event, subscribed);
    if (event.aggregate() != null
        && ordered.full()
        && targets.stream().anyMatch(e -> e.order().ordered())) {
      // Memory stays bounded: this partition waits; the others, and the queues, go on.
      return new Verdict.NotDue(clock.instant().plus(ORDERED_FULL_WAIT));
    }
    if (targets != subscribed) { // told once, not at every offer while the queues are full
      declined(event, subscribed, targets);
    }
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
      Ticket ticket =
          new Ticket(
              event.partition(),
              open,
              () -> {
                if (remaining.decrementAndGet() == 0) {
                  offsets.finished(event.partition(), event.offset());
                }
              });
      if (endpoint.order().ordered() && event.aggregate() != null) {
        ordered.submit(endpoint, task, ticket, event.aggregate());
      } else {
        pipeline.deliver(endpoint, task, ticket);
      }
    }
    return HANDED;
  }

  /** The subscribed endpoints that accept the event's schema version (all, unless some pin). */
  private static List<Endpoint> acceptingVersion(InboundEvent event, List<Endpoint> subscribed) {
    List<Endpoint> accepting = null; // a copy only when some endpoint declines
    for (int i = 0; i < subscribed.size(); i++) {
      Endpoint e = subscribed.get(i);
      if (e.eventTypes().acceptsVersion(event.eventType(), event.schemaVersion())) {
        if (accepting != null) {
          accepting.add(e);
        }
      } else if (accepting == null) {
        accepting = new ArrayList<>(subscribed.subList(0, i));
      }
    }
    return accepting == null ? subscribed : accepting;
  }

  private void declined(InboundEvent event, List<Endpoint> subscribed, List<Endpoint> accepting) {
    for (Endpoint e : subscribed) {
      if (!accepting.contains(e)) {
        listener.versionNotAccepted(
            e.id(), event.eventId(), event.eventType(), event.schemaVersion());
      }
    }
  }

  @Override
  public void revoked(Collection<TopicPartition> partitions) {
    ordered.revoked(partitions);
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
