package io.posthorn.schema.task;

import io.posthorn.schema.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A {@link DeliveryTask} as a Kafka record on a retry tier or the dead-letter topic: key = endpoint
 * id, value = the envelope bytes unchanged, everything else in {@link EventHeaders} headers (so a
 * tier consumer and the on-call CLI read them without parsing the body).
 */
public final class TaskRecord {
  private TaskRecord() {}

  /**
   * @param deadLetterReason only on the dead-letter topic; {@code null} elsewhere
   */
  public static ProducerRecord<byte[], byte[]> encode(
      String topic, DeliveryTask task, DeadLetterReason deadLetterReason) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topic, null, utf8(task.endpointId()), task.body());
    Headers h = r.headers();
    put(h, EventHeaders.EVENT_ID, task.eventId());
    put(h, EventHeaders.EVENT_TYPE, task.eventType());
    put(h, EventHeaders.TENANT_ID, task.tenantId());
    put(h, EventHeaders.TRACE_ID, task.traceId());
    put(h, EventHeaders.OCCURRED_AT, task.occurredAt());
    put(h, EventHeaders.ENDPOINT_ID, task.endpointId());
    put(h, EventHeaders.ATTEMPTS, Integer.toString(task.attempts()));
    put(h, EventHeaders.FIRST_ATTEMPT_AT, text(task.firstAttemptAt()));
    put(h, EventHeaders.LAST_ATTEMPT_AT, text(task.lastAttemptAt()));
    put(
        h,
        EventHeaders.LAST_STATUS,
        task.lastStatus() < 0 ? null : Integer.toString(task.lastStatus()));
    put(
        h,
        task.lastAttemptAt() == null ? EventHeaders.PARKED_REASON : EventHeaders.LAST_ERROR,
        task.lastError());
    put(h, EventHeaders.ORIGIN_TOPIC, task.origin().topic());
    put(h, EventHeaders.ORIGIN_PARTITION, Integer.toString(task.origin().partition()));
    put(h, EventHeaders.ORIGIN_OFFSET, Long.toString(task.origin().offset()));
    put(
        h,
        EventHeaders.DUE_AT,
        task.dueAt() == null ? null : Long.toString(task.dueAt().toEpochMilli()));
    put(
        h,
        EventHeaders.DEAD_LETTER_REASON,
        deadLetterReason == null ? null : deadLetterReason.header());
    put(h, EventHeaders.REPLAYS, task.replays() == 0 ? null : Integer.toString(task.replays()));
    put(h, EventHeaders.REPLAY_ID, task.replayId());
    return r;
  }

  /** The dead-letter reason of a record on the dead-letter topic, or empty when it has none. */
  public static Optional<DeadLetterReason> deadLetterReason(ConsumerRecord<byte[], byte[]> r) {
    String text = get(r.headers(), EventHeaders.DEAD_LETTER_REASON);
    return text == null || DeadLetterReason.causeOf(text).isEmpty()
        ? Optional.empty()
        : Optional.of(DeadLetterReason.parse(text));
  }

  /**
   * @throws IllegalArgumentException naming the header that is missing or malformed
   */
  public static DeliveryTask decode(ConsumerRecord<byte[], byte[]> r) {
    Headers h = r.headers();
    String error = get(h, EventHeaders.LAST_ERROR);
    String status = get(h, EventHeaders.LAST_STATUS);
    String due = get(h, EventHeaders.DUE_AT);
    String replays = get(h, EventHeaders.REPLAYS);
    try {
      return new DeliveryTask(
          required(h, EventHeaders.ENDPOINT_ID),
          required(h, EventHeaders.EVENT_ID),
          required(h, EventHeaders.EVENT_TYPE),
          get(h, EventHeaders.TENANT_ID),
          get(h, EventHeaders.TRACE_ID),
          get(h, EventHeaders.OCCURRED_AT),
          r.value() == null ? new byte[0] : r.value(),
          Integer.parseInt(required(h, EventHeaders.ATTEMPTS)),
          instant(get(h, EventHeaders.FIRST_ATTEMPT_AT)),
          instant(get(h, EventHeaders.LAST_ATTEMPT_AT)),
          status == null ? -1 : Integer.parseInt(status),
          error != null ? error : get(h, EventHeaders.PARKED_REASON),
          new DeliveryTask.Origin(
              required(h, EventHeaders.ORIGIN_TOPIC),
              Integer.parseInt(required(h, EventHeaders.ORIGIN_PARTITION)),
              Long.parseLong(required(h, EventHeaders.ORIGIN_OFFSET))),
          due == null ? null : Instant.ofEpochMilli(Long.parseLong(due)),
          replays == null ? 0 : Integer.parseInt(replays),
          get(h, EventHeaders.REPLAY_ID));
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "task record "
              + r.topic()
              + "-"
              + r.partition()
              + "@"
              + r.offset()
              + " has a malformed header: "
              + e.getMessage(),
          e);
    }
  }

  private static String required(Headers h, String name) {
    String v = get(h, name);
    if (v == null) {
      throw new IllegalArgumentException("task record lacks header " + name);
    }
    return v;
  }

  private static String get(Headers h, String name) {
    Header header = h.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void put(Headers h, String name, String value) {
    if (value != null) {
      h.add(name, utf8(value));
    }
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }

  private static Instant instant(String s) {
    return s == null ? null : Instant.parse(s);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
