package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final DevStack stack = DevStack.shared();
  private DataSource db;
  private RelayConfig config;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private OutboxRelay relay;

  @BeforeEach
  void setUp() {
    String name = stack.postgres().createDatabase("relay");
    db = stack.postgres().dataSource(name);
    OutboxSchema.migrate(db);
    config =
        RelayConfig.builder(stack.postgres().jdbcUrl(name), "postgres", "", stack.kafka().bootstrapServers())
            .slotName("slot_" + name)
            .eventsTopic(name + ".events")
            .invalidTopic(name + ".events.invalid")
            .offsetsTopic(name + ".offsets")
            .topicPartitions(3)
            .build();
    relay = OutboxRelay.create(config, new RelayMetrics(metrics)).start();
  }

  @AfterEach
  void tearDown() {
    relay.close();
  }

  @Test
  void publishesEachInsertAsAnEnvelopeKeyedByAggregateWithRoutingHeaders() throws Exception {
    Envelope event = event("order.completed", "ord_42", "t1", "{\"total\": 42, \"items\": [1, 2]}");
    try (Connection c = db.getConnection()) {
      Outbox.emit(c, event);
    }

    try (TopicReader reader = new TopicReader(config.bootstrapServers(), config.eventsTopic())) {
      List<ConsumerRecord<byte[], byte[]>> records = reader.readAtLeast(1, WAIT);

      assertThat(records).hasSize(1);
      ConsumerRecord<byte[], byte[]> record = records.get(0);
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ord_42");
      assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo(event.id().toString());
      assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("order.completed");
      assertThat(header(record, EventHeaders.TENANT_ID)).isEqualTo("t1");
      Envelope read = EnvelopeCodec.decode(record.value(), header(record, EventHeaders.TENANT_ID), null);
      assertThat(EnvelopeCodec.tree(read.payload().json().getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(EnvelopeCodec.tree(event.payload().json().getBytes(StandardCharsets.UTF_8)));
      assertThat(read.id()).isEqualTo(event.id());
      assertThat(read.occurredAt()).isEqualTo(event.occurredAt());
    }
  }

  @Test
  void quarantinesRowsThatCannotBeEnvelopes_andKeepsDeliveringTheValidOnesAroundThem() throws Exception {
    Envelope before = event("user.created", "usr_1", null, "{}");
    Envelope after = event("user.created", "usr_2", null, "{}");
    UUID notAnObject = UUID.randomUUID();
    UUID badType = UUID.randomUUID();
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      Outbox.emit(c, before);
      try (Statement s = c.createStatement()) {
        s.execute("INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
            + " VALUES ('" + notAnObject + "', 'user.created', 'User', 'usr_x', '[1, 2]')");
        s.execute("INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
            + " VALUES ('" + badType + "', 'User Created', 'User', 'usr_y', '{}')");
      }
      Outbox.emit(c, after);
      c.commit();
    }

    try (TopicReader events = new TopicReader(config.bootstrapServers(), config.eventsTopic());
        TopicReader invalid = new TopicReader(config.bootstrapServers(), config.invalidTopic())) {
      assertThat(events.readAtLeast(2, WAIT))
          .extracting(r -> header(r, EventHeaders.EVENT_ID))
          .containsExactlyInAnyOrder(before.id().toString(), after.id().toString());
      List<ConsumerRecord<byte[], byte[]>> quarantined = invalid.readAtLeast(2, WAIT);
      assertThat(quarantined)
          .extracting(r -> header(r, EventHeaders.OUTBOX_ROW_ID))
          .containsExactlyInAnyOrder(notAnObject.toString(), badType.toString());
      assertThat(quarantined)
          .extracting(r -> header(r, EventHeaders.INVALID_REASON))
          .anySatisfy(reason -> assertThat(reason).contains("payload").contains("array"))
          .anySatisfy(reason -> assertThat(reason).contains("naming rule"));
      ConsumerRecord<byte[], byte[]> arrayRow =
          quarantined.stream().filter(r -> header(r, EventHeaders.OUTBOX_ROW_ID).equals(notAnObject.toString())).findFirst().orElseThrow();
      assertThat(EnvelopeCodec.tree(arrayRow.value()).get("aggregate_id").asText()).isEqualTo("usr_x");
      // The listener runs once the engine thread sees the ack, a moment after a reader can.
      await().atMost(WAIT).untilAsserted(() -> {
        assertThat(metrics.counter("posthorn.relay.rows.quarantined").count()).isEqualTo(2.0);
        assertThat(metrics.counter("posthorn.relay.events.published").count()).isEqualTo(2.0);
      });
    }
  }

  @Test
  void aStreamFullOfBadRowsKeepsFlowing_everyValidRowPublishedEveryBadOneQuarantined() throws Exception {
    int rows = 1_000;
    StringBuilder sql = new StringBuilder(
        "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload) VALUES ");
    for (int i = 0; i < rows; i++) {
      boolean bad = i % 4 == 0; // every fourth row carries an array payload
      sql.append(i == 0 ? "" : ", ").append("(gen_random_uuid(), 'order.completed', 'Order', 'ord_").append(i % 7)
          .append("', '").append(bad ? "[" + i + "]" : "{\"n\": " + i + "}").append("')");
    }
    try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
      s.execute(sql.toString());
    }

    try (TopicReader events = new TopicReader(config.bootstrapServers(), config.eventsTopic());
        TopicReader invalid = new TopicReader(config.bootstrapServers(), config.invalidTopic())) {
      assertThat(events.readAtLeast(750, WAIT)).hasSize(750);
      assertThat(invalid.readAtLeast(250, WAIT)).hasSize(250)
          .allSatisfy(r -> assertThat(header(r, EventHeaders.INVALID_REASON)).contains("array"));
    }
  }

  static Envelope event(String type, String aggregateId, String tenant, String payload) {
    return new Envelope(UUID.randomUUID(), EventType.of(type), "Aggregate", aggregateId, tenant,
        new JsonObjectText(payload), JsonObjectText.EMPTY, Instant.now(), null);
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
