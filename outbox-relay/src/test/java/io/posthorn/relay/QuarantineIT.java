package io.posthorn.relay;

import static io.posthorn.devstack.KafkaHeaders.header;
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
  void aRowTooLargeForKafkaIsQuarantinedShortened_andTheRowsAfterItFlow() {
    try (RelayFixture fx = new RelayFixture("oversized")) {
      fx.execute("ALTER TABLE posthorn.outbox DROP CONSTRAINT IF EXISTS outbox_payload_size");
      RelayConfig config = fx.config().build();
      fx.start(config, RelayListener.NONE);
      String huge = "x".repeat(1_200_000);
      fx.execute(
          "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload) VALUES"
              + " ('00000000-0000-4000-8000-000000000001', 'posthorn.ping', 'Order', 'ord_1',"
              + " '{\"message\": \""
              + huge
              + "\"}')");
      String after = fx.insert(1).get(0).toString();

      assertThat(fx.eventIds(1, WAIT)).containsExactly(after);
      try (TopicReader invalid =
          new TopicReader(config.bootstrapServers(), config.invalidTopic())) {
        ConsumerRecord<byte[], byte[]> quarantined = invalid.readAtLeast(1, WAIT).get(0);
        assertThat(header(quarantined, EventHeaders.OUTBOX_ROW_ID))
            .isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(header(quarantined, EventHeaders.INVALID_REASON))
            .contains("over the relay's limit of 1000000");
        assertThat(new String(quarantined.value(), StandardCharsets.UTF_8))
            .contains("\"aggregate_id\":\"ord_1\"")
            .contains("(omitted: ");
        assertThat(quarantined.value().length).isLessThan(10_000);
      }
    }
  }
}
