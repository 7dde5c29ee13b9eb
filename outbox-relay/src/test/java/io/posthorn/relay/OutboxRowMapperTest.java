package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxRowMapperTest {
  /**
   * The {@code after} image Debezium produces for posthorn.outbox: uuid, jsonb, timestamptz as
   * strings.
   */
  private static final Schema OUTBOX =
      SchemaBuilder.struct()
          .name("posthorn.posthorn.outbox.Value")
          .field("id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("event_type", Schema.OPTIONAL_STRING_SCHEMA)
          .field("aggregate_type", Schema.OPTIONAL_STRING_SCHEMA)
          .field("aggregate_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("tenant_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("payload", Schema.OPTIONAL_STRING_SCHEMA)
          .field("metadata", Schema.OPTIONAL_STRING_SCHEMA)
          .field("occurred_at", Schema.OPTIONAL_STRING_SCHEMA)
          .field("trace_id", Schema.OPTIONAL_STRING_SCHEMA)
          .field("schema_version", Schema.OPTIONAL_INT32_SCHEMA)
          .build();

  private static final String ID = "0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f";
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PAYLOAD =
      "{\"orderId\": \"ord-42\", \"currency\": \"EUR\", \"totalCents\": 4200}";

  @Test
  void mapsValidRowToEnvelope() {
    CapturedRow row = OutboxRowMapper.map(validRow());

    assertThat(row)
        .isEqualTo(
            new CapturedRow.Valid(
                new Envelope(
                    UUID.fromString(ID),
                    EventType.of("order.completed"),
                    "order",
                    "ord-42",
                    "acme",
                    new JsonObjectText(PAYLOAD),
                    new JsonObjectText("{\"source\": \"checkout\"}"),
                    Instant.parse("2026-01-15T10:30:00.123456Z"),
                    TRACE,
                    1)));
  }

  @Test
  void checksTheVersionStampedInTheRow_notTheLatest() throws IOException {
    EventCatalog catalog = EventCatalog.load(twoVersions());
    Struct row =
        validRow()
            .put("event_type", "invoice.paid")
            .put("payload", "{\"amountCents\": 5}")
            .put("schema_version", 1);

    assertThat(valid(OutboxRowMapper.map(row, catalog, UnregisteredTypes.REFUSE)).schemaVersion())
        .isEqualTo(1);
    assertThat(
            invalid(
                    OutboxRowMapper.map(
                        row.put("schema_version", null), catalog, UnregisteredTypes.REFUSE))
                .reason())
        .contains("catalog version 2");
  }

  @Test
  void quarantinesAVersionTheCatalogLacks_namingIt() throws IOException {
    EventCatalog catalog = EventCatalog.load(twoVersions());
    Struct row =
        validRow()
            .put("event_type", "invoice.paid")
            .put("payload", "{\"amountCents\": 5}")
            .put("schema_version", 3);

    assertThat(invalid(OutboxRowMapper.map(row, catalog, UnregisteredTypes.REFUSE)).reason())
        .contains("no schema version 3");
  }

  @TempDir Path dir;

  /** invoice.paid v1 requires amountCents, v2 requires amount. */
  private Path twoVersions() throws IOException {
    Files.writeString(
        dir.resolve("invoice.paid.json"),
        "{\"title\": \"invoice.paid\", \"description\": \"Paid.\", \"versions\": ["
            + "{\"type\": \"object\", \"version\": 1, \"required\": [\"amountCents\"],"
            + " \"examples\": [{\"amountCents\": 1}]},"
            + "{\"type\": \"object\", \"version\": 2, \"required\": [\"amount\"],"
            + " \"examples\": [{\"amount\": 1}]}]}");
    return dir;
  }

  @Test
  void mapsNullMetadataToEmptyObject() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("metadata", null));

    assertThat(valid(row).metadata()).isEqualTo(JsonObjectText.EMPTY);
  }

  @Test
  void mapsNullTenantAndTraceToGlobalUntracedEvent() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("tenant_id", null).put("trace_id", null));

    assertThat(valid(row).tenantId()).isNull();
    assertThat(valid(row).traceId()).isNull();
  }

  @Test
  void quarantinesArrayPayloadSayingSo() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("payload", "[1,2]"));

    assertThat(invalid(row).reason()).contains("payload").contains("array");
  }

  @Test
  void quarantinesMissingPayload() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("payload", null));

    assertThat(invalid(row).reason()).contains("payload").contains("missing");
  }

  @Test
  void quarantinesEventTypeBreakingTheNamingRule() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("event_type", "User Created"));

    assertThat(invalid(row).reason())
        .contains("'User Created'")
        .contains(EventType.NAME_RULE.pattern());
  }

  @Test
  void quarantinesTypeOutsideTheCatalogSayingSo() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("event_type", "order.shipped"));

    assertThat(invalid(row).reason()).contains("'order.shipped' is not in the event catalog");
  }

  @Test
  void acceptsTypeOutsideTheCatalogWhenUnregisteredTypesAreAccepted() {
    CapturedRow row =
        OutboxRowMapper.map(
            validRow().put("event_type", "order.shipped"),
            EventCatalog.standard(),
            UnregisteredTypes.ACCEPT);

    assertThat(valid(row).eventType().name()).isEqualTo("order.shipped");
  }

  @Test
  void quarantinesPayloadBreakingItsSchemaNamingPointerAndRule() {
    CapturedRow row =
        OutboxRowMapper.map(
            validRow().put("payload", "{\"orderId\": \"ord-42\", \"currency\": \"EUR\"}"));

    assertThat(invalid(row).reason())
        .isEqualTo(
            "payload of order.completed breaks its schema (catalog version 1):"
                + " payload/totalCents: required property 'totalCents' not found (rule: required)");
  }

  @Test
  void quarantinesIdThatIsNotAUuid() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("id", "nope"));

    assertThat(invalid(row).reason()).isEqualTo("id 'nope' is not a UUID");
  }

  @Test
  void quarantinesUnparseableOccurredAt() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("occurred_at", "yesterday-ish"));

    assertThat(invalid(row).reason()).contains("occurred_at").contains("yesterday-ish");
  }

  @Test
  void quarantinesBlankAggregateId() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("aggregate_id", " "));

    assertThat(invalid(row).reason()).isEqualTo("aggregate_id is missing or blank");
  }

  @Test
  void quarantinesMalformedTraceId() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("trace_id", "not-a-trace"));

    assertThat(invalid(row).reason()).contains("traceId 'not-a-trace'");
  }

  @Test
  void invalidRowKeepsEveryColumnInOrderIncludingNulls() {
    Struct after =
        validRow().put("event_type", "User Created").put("tenant_id", null).put("metadata", null);

    CapturedRow.Invalid row = invalid(OutboxRowMapper.map(after));

    assertThat(row.columns())
        .containsExactly(
            entry("id", ID),
            entry("event_type", "User Created"),
            entry("aggregate_type", "order"),
            entry("aggregate_id", "ord-42"),
            entry("tenant_id", null),
            entry("payload", PAYLOAD),
            entry("metadata", null),
            entry("occurred_at", "2026-01-15T10:30:00.123456Z"),
            entry("trace_id", TRACE),
            entry("schema_version", null));
  }

  @Test
  void invalidRowKeepsTheRawRowId() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("id", "nope"));

    assertThat(invalid(row).rowId()).isEqualTo("nope");
  }

  @Test
  void invalidRowWithoutIdHasNullRowId() {
    CapturedRow row = OutboxRowMapper.map(validRow().put("id", null));

    assertThat(invalid(row).rowId()).isNull();
    assertThat(invalid(row).reason()).isEqualTo("id is missing");
  }

  static Struct validRow() {
    return new Struct(OUTBOX)
        .put("id", ID)
        .put("event_type", "order.completed")
        .put("aggregate_type", "order")
        .put("aggregate_id", "ord-42")
        .put("tenant_id", "acme")
        .put("payload", PAYLOAD)
        .put("metadata", "{\"source\": \"checkout\"}")
        .put("occurred_at", "2026-01-15T10:30:00.123456Z")
        .put("trace_id", TRACE);
  }

  private static Envelope valid(CapturedRow row) {
    assertThat(row).isInstanceOf(CapturedRow.Valid.class);
    return ((CapturedRow.Valid) row).envelope();
  }

  private static CapturedRow.Invalid invalid(CapturedRow row) {
    assertThat(row).isInstanceOf(CapturedRow.Invalid.class);
    return (CapturedRow.Invalid) row;
  }
}
