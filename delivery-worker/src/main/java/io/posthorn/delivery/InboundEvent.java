package io.posthorn.delivery;

import io.posthorn.schema.EventHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * An event record as the worker needs it: routing attributes from the headers and the body as
 * opaque bytes (never parsed: it is sent and signed exactly as the relay wrote it).
 *
 * @param occurredAt the ISO-8601 instant from the headers, or {@code null}
 * @param schemaVersion the catalog schema version from the headers, {@code 0} when absent (a relay
 *     before version stamping, or nothing checked)
 * @param aggregate the record key (the relay writes the aggregate id there), or {@code null}: what
 *     an ordered endpoint orders by
 */
record InboundEvent(
    TopicPartition partition,
    long offset,
    String eventId,
    String eventType,
    String tenantId,
    String traceId,
    String occurredAt,
    int schemaVersion,
    byte[] body,
    String aggregate) {

  /** Reads the headers; throws {@link UnroutableEventException} naming what is missing. */
  static InboundEvent of(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    String id = header(record, EventHeaders.EVENT_ID);
    String type = header(record, EventHeaders.EVENT_TYPE);
    if (id == null || type == null || record.value() == null) {
      throw new UnroutableEventException(
          "record "
              + tp
              + "@"
              + record.offset()
              + " lacks "
              + (id == null
                  ? EventHeaders.EVENT_ID
                  : type == null ? EventHeaders.EVENT_TYPE : "a value"));
    }
    return new InboundEvent(
        tp,
        record.offset(),
        id,
        type,
        header(record, EventHeaders.TENANT_ID),
        header(record, EventHeaders.TRACE_ID),
        header(record, EventHeaders.OCCURRED_AT),
        schemaVersion(header(record, EventHeaders.SCHEMA_VERSION)),
        record.value(),
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
  }

  private static int schemaVersion(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(header));
    } catch (NumberFormatException e) {
      return 0; // no pin accepts an unknown version; the body is delivered as written otherwise
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
