package io.posthorn.e2e;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryListener;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.Envelope;
import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.OutboxEvent;
import io.posthorn.schema.catalog.CatalogType;
import io.posthorn.schema.catalog.EventCatalog;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The Outbox writer through the real stack: writer → relay → Kafka (→ worker → HTTP). */
class EmitPipelineIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void everyCatalogTypeRoundTrips_theEnvelopeOnKafkaEqualsWhatWasWritten() throws Exception {
    try (Pipeline p = new Pipeline(List.of("/unused"), UnaryOperator.identity())) {
      p.startRelay();
      List<OutboxEvent> events = new ArrayList<>();
      for (CatalogType type : EventCatalog.standard().types()) {
        String aggregate = type.type().name().substring(0, type.type().name().indexOf('.'));
        events.add(
            OutboxEvent.of(type.type().name(), aggregate, aggregate + "_1", type.example().json())
                .withTenant("acme")
                .withMetadata("{\"source\": \"round-trip\", \"n\": 1}")
                .withTraceparent(TRACEPARENT));
      }
      List<Envelope> written;
      try (Connection c = p.db.getConnection()) {
        c.setAutoCommit(false);
        written = Pipeline.OUTBOX.emitAll(c, events);
        c.commit();
      }

      try (TopicReader reader =
          new TopicReader(p.relayConfig.bootstrapServers(), p.relayConfig.eventsTopic())) {
        List<ConsumerRecord<byte[], byte[]>> records = reader.readAtLeast(written.size(), WAIT);
        assertThat(records).hasSize(written.size());
        // The example catalog's types and Posthorn's own, the inbound gateway's included.
        assertThat(written)
            .extracting(e -> e.eventType().name())
            .contains("order.created", "posthorn.ping", "inbound.request");
        Map<String, ConsumerRecord<byte[], byte[]>> byId =
            records.stream()
                .collect(
                    Collectors.toMap(r -> header(r, EventHeaders.EVENT_ID), Function.identity()));
        for (Envelope sent : written) {
          ConsumerRecord<byte[], byte[]> record = byId.get(sent.id().toString());
          assertThat(record).as(sent.eventType().name()).isNotNull();
          Envelope received =
              EnvelopeCodec.decode(
                  record.value(),
                  header(record, EventHeaders.TENANT_ID),
                  header(record, EventHeaders.TRACE_ID));
          // jsonb re-renders payload and metadata (spacing, key order): compare them as JSON, the
          // rest exactly.
          assertThat(EnvelopeCodec.tree(received.payload().json()))
              .isEqualTo(EnvelopeCodec.tree(sent.payload().json()));
          assertThat(EnvelopeCodec.tree(received.metadata().json()))
              .isEqualTo(EnvelopeCodec.tree(sent.metadata().json()));
          assertThat(received)
              .usingRecursiveComparison()
              .ignoringFields("payload", "metadata")
              .isEqualTo(sent);
          assertThat(received.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
          assertThat(new String(record.key(), StandardCharsets.UTF_8))
              .isEqualTo(sent.aggregateId());
          assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo(sent.eventType().name());
        }
      }
    }
  }

  @Test
  void businessWriteAndEmitRolledBackTogether_leaveNoEventAnywhere() throws Exception {
    try (Pipeline p = new Pipeline(List.of("/hooks"), UnaryOperator.identity())) {
      p.startRelay().startWorker(DeliveryListener.NONE);
      try (Connection c = p.db.getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE customer_order (id text PRIMARY KEY, total_cents integer NOT NULL)");
      }
      UUID rolledBack = UUID.randomUUID();
      UUID committed = UUID.randomUUID();
      try (Connection c = p.db.getConnection();
          Statement s = c.createStatement()) {
        c.setAutoCommit(false);
        s.execute("INSERT INTO customer_order VALUES ('ord_1', 4200)");
        Pipeline.OUTBOX.emit(c, order("ord_1").withId(rolledBack));
        c.rollback();
        s.execute("INSERT INTO customer_order VALUES ('ord_2', 4200)");
        Pipeline.OUTBOX.emit(c, order("ord_2").withId(committed));
        c.commit();
      }

      // The committed event is the marker: once it is delivered, the rolled-back one would have
      // been too.
      await().atMost(WAIT).until(() -> p.receiver.count() >= 1);
      assertThat(p.receiver.requests())
          .extracting(r -> r.header("webhook-id"))
          .containsExactly(committed.toString());
      try (TopicReader events =
              new TopicReader(p.relayConfig.bootstrapServers(), p.relayConfig.eventsTopic());
          TopicReader invalid =
              new TopicReader(p.relayConfig.bootstrapServers(), p.relayConfig.invalidTopic())) {
        assertThat(events.readAtLeast(1, WAIT))
            .extracting(r -> header(r, EventHeaders.EVENT_ID))
            .containsExactly(committed.toString());
        assertThat(invalid.readUntil(r -> false, Duration.ofSeconds(2))).isEmpty();
      }
      assertThat(rows(p, "SELECT count(*) FROM posthorn.outbox WHERE id = '" + rolledBack + "'"))
          .isZero();
      assertThat(rows(p, "SELECT count(*) FROM customer_order WHERE id = 'ord_1'")).isZero();
    }
  }

  private static OutboxEvent order(String orderId) {
    return OutboxEvent.of(
        "order.completed",
        "Order",
        orderId,
        "{\"orderId\": \"" + orderId + "\", \"totalCents\": 4200, \"currency\": \"EUR\"}");
  }

  private static long rows(Pipeline p, String countQuery) throws Exception {
    try (Connection c = p.db.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(countQuery)) {
      r.next();
      return r.getLong(1);
    }
  }
}
