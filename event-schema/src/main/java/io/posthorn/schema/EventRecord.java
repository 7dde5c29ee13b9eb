package io.posthorn.schema;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * An event as a Kafka record on {@link Topics#EVENTS}: key = the aggregate id (one aggregate's
 * events stay in order), value = the exact body subscribers receive, routing attributes in {@link
 * EventHeaders} (an absent tenant or trace is an absent header). The relay writes these; tests and
 * benchmarks use it to publish as the relay does. Needs kafka-clients (optional here).
 */
public final class EventRecord {
  private EventRecord() {}

  public static ProducerRecord<byte[], byte[]> of(String topic, Envelope e) {
    ProducerRecord<byte[], byte[]> r =
        of(
            topic,
            e.aggregateId(),
            EnvelopeCodec.encode(e),
            e.id().toString(),
            e.eventType().name(),
            e.tenantId(),
            e.occurredAt().toString(),
            e.traceId());
    if (e.schemaVersion() != 0) {
      r.headers().add(EventHeaders.SCHEMA_VERSION, utf8(Integer.toString(e.schemaVersion())));
    }
    return r;
  }

  /**
   * @param tenantId, occurredAt, traceId {@code null} for none
   */
  public static ProducerRecord<byte[], byte[]> of(
      String topic,
      String key,
      byte[] body,
      String eventId,
      String eventType,
      String tenantId,
      String occurredAt,
      String traceId) {
    ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, utf8(key), body);
    Headers h = r.headers();
    h.add(EventHeaders.EVENT_ID, utf8(eventId));
    h.add(EventHeaders.EVENT_TYPE, utf8(eventType));
    if (occurredAt != null) {
      h.add(EventHeaders.OCCURRED_AT, utf8(occurredAt));
    }
    if (tenantId != null) {
      h.add(EventHeaders.TENANT_ID, utf8(tenantId));
    }
    if (traceId != null) {
      h.add(EventHeaders.TRACE_ID, utf8(traceId));
    }
    return r;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
