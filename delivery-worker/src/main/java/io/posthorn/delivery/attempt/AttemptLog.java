package io.posthorn.delivery.attempt;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.attempt.AttemptRecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every attempt to the attempts topic as JSON, keyed by endpoint id (so one endpoint's
 * attempts stay in order). Fire-and-forget: the attempt log is for people; a record the producer
 * could not write is counted and logged, and never holds back deliveries. Thread-safe.
 */
public final class AttemptLog {
  private static final Logger log = LoggerFactory.getLogger(AttemptLog.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final AtomicLong lost = new AtomicLong();

  public AttemptLog(Producer<byte[], byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  public void record(AttemptRecord a) {
    producer.send(new ProducerRecord<>(topic, a.endpointId().getBytes(StandardCharsets.UTF_8),
        AttemptRecordCodec.encode(a)),
        (metadata, error) -> {
          if (error != null && lost.getAndIncrement() % 1000 == 0) {
            log.warn("could not write attempt records to {} ({} so far): {}", topic, lost.get(), error.toString());
          }
        });
  }
}
