package io.posthorn.delivery;

import io.posthorn.schema.EventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * Moves a record the worker cannot use (an event without routing headers, a task record that does
 * not decode) to the invalid-events topic, unchanged, plus headers naming the reason and where it
 * came from. Its offset is finished only once Kafka has the copy, so nothing is dropped; the stream
 * goes on meanwhile. The topic the relay quarantines rows to: one place to look.
 */
final class Quarantine {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final OffsetTracker offsets;
  private final DeliveryListener listener;

  Quarantine(Producer<byte[], byte[]> producer, String topic, OffsetTracker offsets, DeliveryListener listener) {
    this.producer = producer;
    this.topic = topic;
    this.offsets = offsets;
    this.listener = listener;
  }

  /** Consumer thread. */
  void hold(ConsumerRecord<byte[], byte[]> record, String reason) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    offsets.polled(tp, record.offset());
    ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(topic, null, record.key(), record.value(),
        record.headers());
    Headers h = copy.headers();
    h.add(EventHeaders.INVALID_REASON, utf8(reason));
    h.add(EventHeaders.ORIGIN_TOPIC, utf8(record.topic()));
    h.add(EventHeaders.ORIGIN_PARTITION, utf8(Integer.toString(record.partition())));
    h.add(EventHeaders.ORIGIN_OFFSET, utf8(Long.toString(record.offset())));
    producer.send(copy, (metadata, error) -> {
      if (error == null) {
        offsets.finished(tp, record.offset());
        listener.quarantined(tp + "@" + record.offset(), reason);
      } else {
        listener.quarantineFailed(tp + "@" + record.offset(), error);
      }
    });
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
