package io.posthorn.delivery;

import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.EventRecord;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Consumer records as the worker's loops receive them, for unit tests. */
final class Records {
  private Records() {}

  /** An event as the relay writes it, at {@code offset} of partition 0. */
  static ConsumerRecord<byte[], byte[]> event(
      String topic, long offset, String eventId, String type) {
    return consumed(
        EventRecord.of(
            topic,
            eventId,
            ("{\"id\":\"" + eventId + "\"}").getBytes(StandardCharsets.UTF_8),
            eventId,
            type,
            null,
            null,
            null),
        offset);
  }

  /** A task record on a tier or the redeliveries topic. */
  static ConsumerRecord<byte[], byte[]> task(String topic, long offset, DeliveryTask task) {
    return consumed(TaskRecord.encode(topic, task, null), offset);
  }

  /** A record without any header. */
  static ConsumerRecord<byte[], byte[]> bare(String topic, long offset) {
    return new ConsumerRecord<>(
        topic,
        0,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        null,
        "{}".getBytes(StandardCharsets.UTF_8),
        new RecordHeaders(),
        Optional.empty());
  }

  static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> p, long offset) {
    return new ConsumerRecord<>(
        p.topic(),
        0,
        offset,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        p.key(),
        p.value(),
        new RecordHeaders(p.headers().toArray()),
        Optional.empty());
  }

  static final String INVALID_REASON = EventHeaders.INVALID_REASON;
}
