package io.posthorn.delivery;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.RoutingTable;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeadLetterReason.Cause;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The retry tiers' and redeliveries' router: a task record not yet due is held by the loop as its
 * partition's waiting head; a due one goes through the same {@link DeliveryPipeline} (its
 * endpoint's lane, circuit, signing) as a first attempt. A task whose endpoint is now disabled or
 * deleted is dead-lettered with that reason, never attempted and never lost; a record that does not
 * decode is quarantined.
 */
final class RetryRouter implements RecordRouter {
  private final Supplier<RoutingTable> routing;
  private final DeliveryPipeline pipeline;
  private final OffsetTracker offsets;
  private final Quarantine quarantine;
  private final TierLag lag;
  private final Clock clock;
  private final InFlight open = new InFlight();

  RetryRouter(
      Supplier<RoutingTable> routing,
      DeliveryPipeline pipeline,
      OffsetTracker offsets,
      Quarantine quarantine,
      TierLag lag,
      Clock clock) {
    this.routing = routing;
    this.pipeline = pipeline;
    this.offsets = offsets;
    this.quarantine = quarantine;
    this.lag = lag;
    this.clock = clock;
  }

  @Override
  public Verdict route(ConsumerRecord<byte[], byte[]> record) {
    DeliveryTask task;
    try {
      task = TaskRecord.decode(record);
    } catch (IllegalArgumentException e) {
      quarantine.hold(record, e.getMessage());
      return HANDED;
    }
    Instant now = clock.instant();
    if (task.schedule().dueAt() != null && task.schedule().dueAt().isAfter(now)) {
      lag.headNotDue(record.topic());
      return new Verdict.NotDue(task.schedule().dueAt());
    }
    Endpoint endpoint = routing.get().find(task.endpointId());
    lag.took(record.topic(), task.schedule().dueAt(), now);
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    offsets.polled(tp, record.offset());
    open.started();
    Ticket ticket = new Ticket(tp, open, () -> offsets.finished(tp, record.offset()));
    if (endpoint == null) {
      pipeline.deadLetter(
          task,
          DeadLetterReason.of(Cause.DELETED, "endpoint " + task.endpointId() + " no longer exists"),
          ticket);
    } else if (!endpoint.takesTask(task.identity().eventType())) {
      pipeline.deadLetter(
          task,
          DeadLetterReason.of(Cause.DISABLED, "endpoint " + task.endpointId() + " is disabled"),
          ticket);
    } else {
      pipeline.deliver(endpoint, task, ticket);
    }
    return HANDED;
  }

  @Override
  public void quarantine(ConsumerRecord<byte[], byte[]> record, String reason) {
    quarantine.hold(record, reason);
  }

  @Override
  public void revoked(Collection<TopicPartition> partitions) {
    pipeline.revoked(partitions);
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
