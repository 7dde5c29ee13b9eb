package io.posthorn.ops.dlq;

import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of the dead-letter topic, decoded: the task that was given up, why, and when.
 *
 * @param reason the {@code posthorn-dead-letter-reason} header ({@code exhausted: …}, {@code gone:
 *     …})
 * @param deadLetteredAt the record's timestamp: when the worker gave up
 */
record DeadLetter(
    DeliveryTask task, String reason, Instant deadLetteredAt, int partition, long offset) {

  /**
   * @throws IllegalArgumentException naming the header that is missing or malformed
   */
  static DeadLetter decode(ConsumerRecord<byte[], byte[]> r) {
    Header reason = r.headers().lastHeader(EventHeaders.DEAD_LETTER_REASON);
    return new DeadLetter(
        TaskRecord.decode(r),
        reason == null
            ? "unknown: no " + EventHeaders.DEAD_LETTER_REASON + " header"
            : new String(reason.value(), StandardCharsets.UTF_8),
        Instant.ofEpochMilli(r.timestamp()),
        r.partition(),
        r.offset());
  }

  /**
   * The reason's cause word ({@code exhausted}, {@code gone}, {@code rejected}, …), or {@code
   * unknown}.
   */
  String reasonWord() {
    return DeadLetterReason.causeOf(reason).map(DeadLetterReason.Cause::word).orElse("unknown");
  }
}
