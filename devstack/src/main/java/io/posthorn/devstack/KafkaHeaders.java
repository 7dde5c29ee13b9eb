package io.posthorn.devstack;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a record's header as text, for tests: the one copy of what used to be a private {@code
 * header(record, name)} in many test classes. Import it statically.
 */
public final class KafkaHeaders {
  private KafkaHeaders() {}

  /** The last value of header {@code name} as UTF-8, or null when the record has none. */
  public static String header(ConsumerRecord<?, ?> record, String name) {
    return text(record.headers(), name);
  }

  /** The last value of header {@code name} as UTF-8, or null when the record has none. */
  public static String header(ProducerRecord<?, ?> record, String name) {
    return text(record.headers(), name);
  }

  private static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
