package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class QuarantineIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aStreamFullOfBadRowsKeepsFlowing_everyValidRowPublished_everyBadOneQuarantined() {
    try (RelayFixture fx = new RelayFixture("quarantine")) {
      // A database whose outbox lacks the payload-is-an-object constraint (say, not migrated yet).
      fx.execute("ALTER TABLE posthorn.outbox DROP CONSTRAINT IF EXISTS outbox_payload_is_object");
      RelayConfig config = fx.config().build();
      RecordingListener events = new RecordingListener();
      fx.start(config, events);
      StringBuilder sql = new StringBuilder(
          "INSERT INTO posthorn.outbox (event_type, aggregate_type, aggregate_id, payload) VALUES ");
      for (int i = 0; i < 1_000; i++) {
        String payload = i % 4 == 0 ? "[" + i + "]" // every fourth row: an array, not an object
            : "{\"orderId\": \"ord_" + i % 7 + "\", \"totalCents\": " + i + ", \"currency\": \"EUR\"}";
        sql.append(i == 0 ? "" : ", ").append("('order.completed', 'Order', 'ord_").append(i % 7).append("', '")
            .append(payload).append("')");
      }
      fx.execute(sql.toString());

      try (TopicReader valid = new TopicReader(config.bootstrapServers(), config.eventsTopic());
          TopicReader invalid = new TopicReader(config.bootstrapServers(), config.invalidTopic())) {
        assertThat(valid.readAtLeast(750, WAIT)).hasSize(750);
        assertThat(invalid.readAtLeast(250, WAIT)).hasSize(250).allSatisfy(r ->
            assertThat(header(r, EventHeaders.INVALID_REASON)).contains("payload").contains("array"));
      }
    }
  }

  @Test
  void aRowTooLargeForKafkaIsQuarantinedShortened_andTheRowsAfterItFlow() {
    try (RelayFixture fx = new RelayFixture("oversized")) {
      fx.execute("ALTER TABLE posthorn.outbox DROP CONSTRAINT IF EXISTS outbox_payload_size");
      RelayConfig config = fx.config().build();
      fx.start(config, RelayListener.NONE);
      String huge = "x".repeat(1_200_000);
      fx.execute("INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload) VALUES"
          + " ('00000000-0000-4000-8000-000000000001', 'order.completed', 'Order', 'ord_1', '{\"orderId\": \"ord_1\","
          + " \"totalCents\": 1, \"currency\": \"EUR\", \"note\": \"" + huge + "\"}')");
      String after = fx.insert(1).get(0).toString();

      assertThat(fx.eventIds(1, WAIT)).containsExactly(after);
      try (TopicReader invalid = new TopicReader(config.bootstrapServers(), config.invalidTopic())) {
        ConsumerRecord<byte[], byte[]> quarantined = invalid.readAtLeast(1, WAIT).get(0);
        assertThat(header(quarantined, EventHeaders.OUTBOX_ROW_ID)).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(header(quarantined, EventHeaders.INVALID_REASON)).contains("over the relay's limit of 1000000");
        assertThat(new String(quarantined.value(), StandardCharsets.UTF_8))
            .contains("\"aggregate_id\":\"ord_1\"").contains("(omitted: ");
        assertThat(quarantined.value().length).isLessThan(10_000);
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
