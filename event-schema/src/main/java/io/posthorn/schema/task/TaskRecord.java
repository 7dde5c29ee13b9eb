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
    DeliveryTask.Identity id = task.identity();
    DeliveryTask.History history = task.history();
    DeliveryTask.Schedule schedule = task.schedule();
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topic, null, utf8(id.endpointId()), id.body());
    Headers h = r.headers();
    put(h, EventHeaders.EVENT_ID, id.eventId());
    put(h, EventHeaders.EVENT_TYPE, id.eventType());
    put(h, EventHeaders.TENANT_ID, id.tenantId());
    put(h, EventHeaders.TRACE_ID, id.traceId());
    put(h, EventHeaders.OCCURRED_AT, id.occurredAt());
    put(h, EventHeaders.ENDPOINT_ID, id.endpointId());
    put(h, EventHeaders.ATTEMPTS, Integer.toString(history.attempts()));
    put(h, EventHeaders.FIRST_ATTEMPT_AT, text(history.firstAttemptAt()));
    put(h, EventHeaders.LAST_ATTEMPT_AT, text(history.lastAttemptAt()));
    put(
        h,
        EventHeaders.LAST_STATUS,
        history.lastStatus() < 0 ? null : Integer.toString(history.lastStatus()));
    put(h, EventHeaders.LAST_ERROR, history.lastError());
    put(h, EventHeaders.PARKED_REASON, history.parkReason());
    put(h, EventHeaders.ORIGIN_TOPIC, id.origin().topic());
    put(h, EventHeaders.ORIGIN_PARTITION, Integer.toString(id.origin().partition()));
    put(h, EventHeaders.ORIGIN_OFFSET, Long.toString(id.origin().offset()));
    put(
        h,
        EventHeaders.DUE_AT,
        schedule.dueAt() == null ? null : Long.toString(schedule.dueAt().toEpochMilli()));
    put(
        h,
        EventHeaders.DEAD_LETTER_REASON,
        deadLetterReason == null ? null : deadLetterReason.header());
    put(
        h,
        EventHeaders.REPLAYS,
        schedule.replays() == 0 ? null : Integer.toString(schedule.replays()));
    put(h, EventHeaders.REPLAY_ID, schedule.replayId());
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
   * Reads records of every version: before the park reason had a header of its own next to the last
   * error (docs/decisions/0031), a task parked after an attempt carried the reason as its last
   * error, and one parked before any attempt carried it as the park reason; both still decode, as
   * what they said.
   *
   * @throws IllegalArgumentException naming the header that is missing or malformed
   */
  public static DeliveryTask decode(ConsumerRecord<byte[], byte[]> r) {
    Headers h = r.headers();
    String status = get(h, EventHeaders.LAST_STATUS);
    String due = get(h, EventHeaders.DUE_AT);
    String replays = get(h, EventHeaders.REPLAYS);
    try {
      var identity =
          new DeliveryTask.Identity(
              required(h, EventHeaders.ENDPOINT_ID),
              required(h, EventHeaders.EVENT_ID),
              required(h, EventHeaders.EVENT_TYPE),
              get(h, EventHeaders.TENANT_ID),
              get(h, EventHeaders.TRACE_ID),
              get(h, EventHeaders.OCCURRED_AT),
              r.value() == null ? new byte[0] : r.value(),
              new DeliveryTask.Origin(
                  required(h, EventHeaders.ORIGIN_TOPIC),
                  Integer.parseInt(required(h, EventHeaders.ORIGIN_PARTITION)),
                  Long.parseLong(required(h, EventHeaders.ORIGIN_OFFSET))));
      var history =
          new DeliveryTask.History(
              Integer.parseInt(required(h, EventHeaders.ATTEMPTS)),
              instant(get(h, EventHeaders.FIRST_ATTEMPT_AT)),
              instant(get(h, EventHeaders.LAST_ATTEMPT_AT)),
              status == null ? -1 : Integer.parseInt(status),
              get(h, EventHeaders.LAST_ERROR),
              get(h, EventHeaders.PARKED_REASON));
      var schedule =
          new DeliveryTask.Schedule(
              due == null ? null : Instant.ofEpochMilli(Long.parseLong(due)),
              replays == null ? 0 : Integer.parseInt(replays),
              get(h, EventHeaders.REPLAY_ID));
      return new DeliveryTask(identity, history, schedule);
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
