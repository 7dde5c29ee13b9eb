package io.posthorn.delivery;

import io.posthorn.schema.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * Moves a record the worker cannot use (an event without routing headers, a task record that does
 * not decode) to the invalid-events topic, unchanged, plus headers naming the reason and where it
 * came from. Its offset is finished only once Kafka has the copy, so nothing is dropped; the stream
 * goes on meanwhile. A copy Kafka refuses fails the worker: its partition could never be committed
 * past the record otherwise. The topic the relay quarantines rows to: one place to look.
 */
final class Quarantine {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final OffsetTracker offsets;
  private final DeliveryListener listener;
  private final Consumer<String> gaveUp;

  /**
   * @param gaveUp told when Kafka refused a copy (after the producer's own retries): the worker
   *     fails
   */
  Quarantine(
      Producer<byte[], byte[]> producer,
      String topic,
      OffsetTracker offsets,
      DeliveryListener listener,
      Consumer<String> gaveUp) {
    this.producer = producer;
    this.topic = topic;
    this.offsets = offsets;
    this.listener = listener;
    this.gaveUp = gaveUp;
  }

  /** Consumer thread. */
  void hold(ConsumerRecord<byte[], byte[]> record, String reason) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    offsets.polled(tp, record.offset());
    ProducerRecord<byte[], byte[]> copy =
        new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers());
    Headers h = copy.headers();
    h.add(EventHeaders.INVALID_REASON, utf8(reason));
    h.add(EventHeaders.ORIGIN_TOPIC, utf8(record.topic()));
    h.add(EventHeaders.ORIGIN_PARTITION, utf8(Integer.toString(record.partition())));
    h.add(EventHeaders.ORIGIN_OFFSET, utf8(Long.toString(record.offset())));
    String where = tp + "@" + record.offset();
    try {
      producer.send(
          copy,
          (metadata, error) -> {
            if (error == null) {
              offsets.finished(tp, record.offset());
              listener.quarantined(where, reason);
            } else {
              refused(where, error);
            }
          });
    } catch (RuntimeException e) {
      refused(where, e);
    }
  }

  /**
   * The offset stays unfinished (nothing is skipped) and the worker fails, so the record is read
   * again.
   */
  private void refused(String where, Throwable error) {
    listener.quarantineFailed(where, error);
    gaveUp.accept("Kafka refused to quarantine record " + where + " to " + topic + ": " + error);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
