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

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
