package io.posthorn.registry.redelivery;

import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one event back from the events topic at the position an attempt record names. Recovery is
 * therefore bounded by that topic's retention: an event already deleted from it is {@link
 * Optional#empty() unavailable}, never guessed. One consumer, assigned (no group), one read at a
 * time.
 */
final class EventReader implements AutoCloseable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final Consumer<byte[], byte[]> consumer;

  EventReader(Consumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /** The record at {@code origin}, or empty when the topic no longer (or never) holds it. */
  synchronized Optional<ConsumerRecord<byte[], byte[]>> read(DeliveryTask.Origin origin) {
    TopicPartition tp = new TopicPartition(origin.topic(), origin.partition());
    consumer.assign(List.of(tp));
    long first = consumer.beginningOffsets(List.of(tp)).getOrDefault(tp, Long.MAX_VALUE);
    long end = consumer.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
    if (origin.offset() < first || origin.offset() >= end) {
      return Optional.empty();
    }
    consumer.seek(tp, origin.offset());
    Instant deadline = Instant.now().plus(READ_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200)).records(tp)) {
        return r.offset() == origin.offset()
            ? Optional.of(r)
            : Optional.empty(); // skipped: not a committed record
      }
    }
    throw new IllegalStateException(
        "reading " + tp + "@" + origin.offset() + " took over " + READ_TIMEOUT);
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
