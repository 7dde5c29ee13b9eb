package io.posthorn.relay;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.EnvelopeCodec;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.LiveCatalog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** Change events shaped as the Debezium PostgreSQL connector emits them, mapped to records. */
class RelayRecordsTest {
  private static final Schema OUTBOX_ROW =
      SchemaBuilder.struct()
          .field("id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("event_type", Schema.OPTIONAL_STRING_SCHEMA)
          .field("aggregate_type", Schema.OPTIONAL_STRING_SCHEMA)
          .field("aggregate_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("tenant_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("payload", Schema.OPTIONAL_STRING_SCHEMA)
          .field("occurred_at", Schema.OPTIONAL_STRING_SCHEMA)
          .optional()
          .build();
  private static final Schema FEED_ROW =
      SchemaBuilder.struct()
          .field("seq", Schema.INT64_SCHEMA)
          .field("endpoint_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("document", Schema.OPTIONAL_STRING_SCHEMA)
          .optional()
          .build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .build();
  private static final Schema MESSAGE =
      SchemaBuilder.struct()
          .field("prefix", Schema.STRING_SCHEMA)
          .field("content", Schema.OPTIONAL_BYTES_SCHEMA)
          .optional()
          .build();
  private static final String ID = "0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f";

  private final RelayRecords records =
      RelayRecords.create(
          "t.events",
          "t.invalid",
          "t.endpoints",
          LiveCatalog.fixed(EventCatalog.standard()),
          Clock.systemUTC());

  @Test
  void aValidOutboxInsertBecomesTheEventRecord_keyedByAggregateWithRoutingHeaders() {
    ProducerRecord<byte[], byte[]> record =
        records.recordFor(change("c", "posthorn", "outbox", outboxRow("acme"))).orElseThrow();

    assertThat(record.topic()).isEqualTo("t.events");
    assertThat(record.partition()).isNull();
    assertThat(text(record.key())).isEqualTo("ord_1");
    assertThat(header(record, EventHeaders.EVENT_ID)).isEqualTo(ID);
    assertThat(header(record, EventHeaders.EVENT_TYPE)).isEqualTo("posthorn.ping");
    assertThat(header(record, EventHeaders.TENANT_ID)).isEqualTo("acme");
    assertThat(header(record, EventHeaders.OCCURRED_AT)).isEqualTo("2026-01-15T10:30:00Z");
    assertThat(header(record, EventHeaders.TRACE_ID)).isNull();
    assertThat(EnvelopeCodec.decode(record.value(), "acme", null).aggregateId()).isEqualTo("ord_1");
  }

  @Test
  void aRowThatIsNoEnvelopeGoesToTheInvalidTopic_keyedByRowIdWithTheReason() {
    Struct row = outboxRow(null).put("payload", "[1]");

    ProducerRecord<byte[], byte[]> record =
        records.recordFor(change("c", "posthorn", "outbox", row)).orElseThrow();

    assertThat(record.topic()).isEqualTo("t.invalid");
    assertThat(text(record.key())).isEqualTo(ID);
    assertThat(record.headers().toArray())
        .extracting(Header::key)
        .containsExactly(EventHeaders.INVALID_REASON, EventHeaders.OUTBOX_ROW_ID);
    assertThat(header(record, EventHeaders.INVALID_REASON)).startsWith("payload:");
    assertThat(EnvelopeCodec.tree(record.value()).get("payload").asText()).isEqualTo("[1]");
  }

  @Test
  void aFeedInsertBecomesTheEndpointRecord_andADeletionATombstone() {
    Struct deleted = new Struct(FEED_ROW).put("seq", 7L).put("endpoint_id", "ep_1");

    ProducerRecord<byte[], byte[]> record =
        records.recordFor(change("c", "posthorn_registry", "endpoint_feed", deleted)).orElseThrow();

    assertThat(record.topic()).isEqualTo("t.endpoints");
    assertThat(text(record.key())).isEqualTo("ep_1");
    assertThat(record.value()).isNull();
    assertThat(record.headers().toArray()).isEmpty();
  }

  @Test
  void updatesHeartbeatsAndDebeziumsOwnRecordsAreNotPublished() {
    Struct heartbeat =
        new Struct(changeSchema(OUTBOX_ROW))
            .put("op", "m")
            .put("source", new Struct(SOURCE).put("schema", "").put("table", ""))
            .put("message", new Struct(MESSAGE).put("prefix", Heartbeats.PREFIX));
    Schema debeziumHeartbeat = SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();

    assertThat(records.recordFor(change("u", "posthorn", "outbox", outboxRow(null)))).isEmpty();
    assertThat(records.route(heartbeat)).isEqualTo(new RelayRecords.Skip(true, true));
    assertThat(records.route(new Struct(debeziumHeartbeat).put("ts_ms", 1L)))
        .isEqualTo(new RelayRecords.Skip(false, false));
    assertThat(records.route(null)).isEqualTo(new RelayRecords.Skip(false, false));
  }

  @Test
  void aRowTooLargeForKafkaIsQuarantinedWithItsLongValuesLeftOut() {
    String big = "{\"n\": \"" + "x".repeat(RelayRecords.MAX_RECORD_BYTES) + "\"}";

    ProducerRecord<byte[], byte[]> record =
        records
            .recordFor(change("c", "posthorn", "outbox", outboxRow(null).put("payload", big)))
            .orElseThrow();

    assertThat(record.topic()).isEqualTo("t.invalid");
    assertThat(header(record, EventHeaders.INVALID_REASON)).contains("over the relay's limit");
    assertThat(record.value().length).isLessThan(2_000);
  }

  private static Struct outboxRow(String tenant) {
    return new Struct(OUTBOX_ROW)
        .put("id", ID)
        .put("event_type", "posthorn.ping")
        .put("aggregate_type", "Order")
        .put("aggregate_id", "ord_1")
        .put("tenant_id", tenant)
        .put("payload", "{}")
        .put("occurred_at", "2026-01-15T10:30:00Z");
  }

  private static Schema changeSchema(Schema row) {
    return SchemaBuilder.struct()
        .field("after", row)
        .field("source", SOURCE)
        .field("op", Schema.STRING_SCHEMA)
        .field("message", MESSAGE)
        .build();
  }

  private static SourceRecord change(String op, String schema, String table, Struct after) {
    Struct value =
        new Struct(changeSchema(after.schema()))
            .put("op", op)
            .put("after", after)
            .put("source", new Struct(SOURCE).put("schema", schema).put("table", table));
    return new SourceRecord(null, null, "posthorn." + schema + "." + table, null, value);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
