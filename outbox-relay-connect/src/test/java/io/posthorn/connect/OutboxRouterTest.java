package io.posthorn.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.schema.EventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

class OutboxRouterTest {
  private static final Schema ROW =
      SchemaBuilder.struct()
          .field("id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("event_type", Schema.OPTIONAL_STRING_SCHEMA)
          .field("aggregate_type", Schema.OPTIONAL_STRING_SCHEMA)
          .field("aggregate_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("payload", Schema.OPTIONAL_STRING_SCHEMA)
          .field("occurred_at", Schema.OPTIONAL_STRING_SCHEMA)
          .optional()
          .build();
  private static final Schema SOURCE =
      SchemaBuilder.struct()
          .field("schema", Schema.STRING_SCHEMA)
          .field("table", Schema.STRING_SCHEMA)
          .build();
  private static final Schema CHANGE =
      SchemaBuilder.struct()
          .field("after", ROW)
          .field("source", SOURCE)
          .field("op", Schema.STRING_SCHEMA)
          .build();
  private static final String ID = "0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f";
  private static final Map<String, String> SOURCE_PARTITION = Map.of("server", "posthorn");
  private static final Map<String, Long> SOURCE_OFFSET = Map.of("lsn", 42L);

  private final OutboxRouter<SourceRecord> router = new OutboxRouter<>();

  @Test
  void anOutboxInsertBecomesBytesForTheByteArrayConverters_keepingItsSourceOffset() {
    router.configure(Map.of("topic.events", "t.events", "topic.invalid", "t.invalid"));

    SourceRecord out = router.apply(change("c", row("{}")));

    assertThat(out.topic()).isEqualTo("t.events");
    assertThat(out.kafkaPartition()).isNull();
    assertThat(out.timestamp()).isNull();
    assertThat(out.sourcePartition()).isEqualTo(SOURCE_PARTITION);
    assertThat(out.sourceOffset()).isEqualTo(SOURCE_OFFSET);
    ByteArrayConverter converter = new ByteArrayConverter();
    assertThat(converter.fromConnectData(out.topic(), out.keySchema(), out.key()))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("ord_1");
    assertThat(converter.fromConnectData(out.topic(), out.valueSchema(), out.value()))
        .asString(StandardCharsets.UTF_8)
        .startsWith("{\"id\":\"" + ID + "\",\"eventType\":\"posthorn.ping\"");
    Header eventId = out.headers().lastWithName(EventHeaders.EVENT_ID);
    assertThat(
            converter.fromConnectHeader(
                out.topic(), eventId.key(), eventId.schema(), eventId.value()))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo(ID);
  }

  @Test
  void aMalformedRowGoesToTheInvalidTopicWithItsReason() {
    router.configure(Map.of("topic.invalid", "t.invalid"));

    SourceRecord out = router.apply(change("c", row("[1]")));

    assertThat(out.topic()).isEqualTo("t.invalid");
    assertThat(out.key()).isEqualTo(ID.getBytes(StandardCharsets.UTF_8));
    assertThat(
            new String(
                (byte[]) out.headers().lastWithName(EventHeaders.INVALID_REASON).value(),
                StandardCharsets.UTF_8))
        .startsWith("payload:");
  }

  @Test
  void whatTheRelayDoesNotPublishIsDropped() {
    router.configure(Map.of());

    assertThat(router.apply(change("u", row("{}")))).isNull();
    assertThat(router.apply(new SourceRecord(SOURCE_PARTITION, SOURCE_OFFSET, "hb", null, null)))
        .isNull();
  }

  @Test
  void defaultsToPosthornsTopics_andIsListedForConnectsServiceLoaderDiscovery() throws Exception {
    router.configure(Map.of());

    assertThat(router.apply(change("c", row("{}"))).topic()).isEqualTo("posthorn.events");
    try (var services =
        OutboxRouter.class.getResourceAsStream(
            "/META-INF/services/" + Transformation.class.getName())) {
      assertThat(new String(services.readAllBytes(), StandardCharsets.UTF_8).strip())
          .isEqualTo(OutboxRouter.class.getName());
    }
  }

  private static Struct row(String payload) {
    return new Struct(ROW)
        .put("id", ID)
        .put("event_type", "posthorn.ping")
        .put("aggregate_type", "Order")
        .put("aggregate_id", "ord_1")
        .put("payload", payload)
        .put("occurred_at", "2026-01-15T10:30:00Z");
  }

  private static SourceRecord change(String op, Struct after) {
    Struct value =
        new Struct(CHANGE)
            .put("op", op)
            .put("after", after)
            .put("source", new Struct(SOURCE).put("schema", "posthorn").put("table", "outbox"));
    return new SourceRecord(
        SOURCE_PARTITION, SOURCE_OFFSET, "posthorn.posthorn.outbox", CHANGE, value);
  }
}
