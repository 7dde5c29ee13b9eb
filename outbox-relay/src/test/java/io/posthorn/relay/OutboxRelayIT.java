package io.posthorn.relay;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.Outbox;
import io.posthorn.schema.OutboxConfig;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.OutboxSchema;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxRelayIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Short: the unregistered row below is held this long (decision 0047), then quarantined. */
  private static final Duration CATALOG_WAIT = Duration.ofMillis(500);

  private static final Outbox OUTBOX = Outbox.create(OutboxConfig.defaults(), Clock.systemUTC());
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
        RelayConfig.builder(
                stack.postgres().jdbcUrl(name), "postgres", "", stack.kafka().bootstrapServers())
            .slotName("slot_" + name)
            .eventsTopic(name + ".events")
            .invalidTopic(name + ".events.invalid")
            .offsetsTopic(name + ".offsets")
            .topicPartitions(3)
            .catalogWait(CATALOG_WAIT)
            .build();
    relay = OutboxRelay.create(config, new RelayMetrics(metrics)).start();
  }

  @AfterEach
  void tearDown() {
    relay.close();
  }

  @Test
  void publishesEachInsertAsAnEnvelopeKeyedByAggregateWithRoutingHeaders() throws Exception {
    Envelope event;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      event =
          OUTBOX.emit(
              c,
              OutboxEvent.of(
                      "order.completed",
                      "Order",
                      "ord_42",
                      "{\"orderId\": \"ord_42\", \"totalCents\": 4200, \"currency\": \"EUR\", \"items\": [1, 2]}")
                  .withTenant("t1"));
      c.commit();
    }

    try (TopicReader reader = new TopicReader(config.bootstrapServers(), config.eventsTopic())) {
      List<ConsumerRecord<byte[], byte[]>> records = reader.readAtLeast(1, WAIT);

      assertThat(records).hasSize(1);
      ConsumerRecord<byte[], byte[]> record = records.get(0);
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("ord_42");
      assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo(event.id().toString());
      assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("order.completed");
      assertThat(header(record, EventHeaders.TENANT_ID)).isEqualTo("t1");
      Envelope read =
          EnvelopeCodec.decode(record.value(), header(record, EventHeaders.TENANT_ID), null);
      assertThat(EnvelopeCodec.tree(read.payload().json().getBytes(StandardCharsets.UTF_8)))
          .isEqualTo(EnvelopeCodec.tree(event.payload().json().getBytes(StandardCharsets.UTF_8)));
      assertThat(read.id()).isEqualTo(event.id());
      assertThat(read.occurredAt()).isEqualTo(event.occurredAt());
    }
  }

  /** Rows written with plain SQL pass the database's constraints but break the event catalog. */
  @Test
  void quarantinesRowsThatBreakTheCatalog_andKeepsDeliveringTheValidOnesAroundThem()
      throws Exception {
    UUID breaksSchema = UUID.randomUUID();
    UUID unregistered = UUID.randomUUID();
    Envelope before;
    Envelope after;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      before = OUTBOX.emit(c, user("usr_1"));
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
                + " VALUES ('"
                + breaksSchema
                + "', 'user.created', 'User', 'usr_x', '{\"userId\": \"usr_x\"}')");
        s.execute(
            "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload)"
                + " VALUES ('"
                + unregistered
                + "', 'user.renamed', 'User', 'usr_y', '{}')");
      }
      after = OUTBOX.emit(c, user("usr_2"));
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
          .containsExactlyInAnyOrder(breaksSchema.toString(), unregistered.toString());
      assertThat(quarantined)
          .extracting(r -> header(r, EventHeaders.INVALID_REASON))
          .anySatisfy(
              reason ->
                  assertThat(reason).contains("payload/email: required property 'email' not found"))
          .anySatisfy(
              reason ->
                  assertThat(reason)
                      .contains("'user.renamed' is not in the event catalog")
                      .contains("held PT0.5S for the event catalog to gain it"));
      ConsumerRecord<byte[], byte[]> schemaRow =
          quarantined.stream()
              .filter(r -> header(r, EventHeaders.OUTBOX_ROW_ID).equals(breaksSchema.toString()))
              .findFirst()
              .orElseThrow();
      assertThat(EnvelopeCodec.tree(schemaRow.value()).get("aggregate_id").asText())
          .isEqualTo("usr_x");
      // The listener runs once the engine thread sees the ack, a moment after a reader can.
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(metrics.counter("posthorn.relay.rows.quarantined").count())
                    .isEqualTo(2.0);
                assertThat(metrics.counter("posthorn.relay.events.published").count())
                    .isEqualTo(2.0);
              });
      assertThat(metrics.counter("posthorn.relay.catalog.waits", "outcome", "given_up").count())
          .isEqualTo(1.0);
      assertThat(metrics.get("posthorn.relay.catalog.waiting").gauge().value()).isZero();
    }
  }

  static OutboxEvent user(String userId) {
    return OutboxEvent.of(
        "user.created",
        "User",
        userId,
        "{\"userId\": \"" + userId + "\", \"email\": \"" + userId + "@example.com\"}");
  }

  @Test
  void aStreamFullOfBadRowsKeepsFlowing_everyValidRowPublishedEveryBadOneQuarantined()
      throws Exception {
    int rows = 1_000;
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO posthorn.outbox (id, event_type, aggregate_type, aggregate_id, payload) VALUES ");
    for (int i = 0; i < rows; i++) {
      boolean bad = i % 4 == 0; // every fourth row has a type the catalog does not know
      sql.append(i == 0 ? "" : ", ")
          .append("(gen_random_uuid(), '")
          .append(bad ? "order.exploded" : "posthorn.ping")
          .append("', 'Order', 'ord_")
          .append(i % 7)
          .append("', '{}')");
    }
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql.toString());
    }

    try (TopicReader events = new TopicReader(config.bootstrapServers(), config.eventsTopic());
        TopicReader invalid = new TopicReader(config.bootstrapServers(), config.invalidTopic())) {
      assertThat(events.readAtLeast(750, WAIT)).hasSize(750);
      assertThat(invalid.readAtLeast(250, WAIT))
          .hasSize(250)
          .allSatisfy(
              r -> assertThat(header(r, EventHeaders.INVALID_REASON)).contains("order.exploded"));
    }
  }
}
