package io.posthorn.schema;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
  private static final UUID ID = UUID.fromString("0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void encodesFieldsInTheFixedOrder() {
    Envelope e =
        envelope(
                "{\"sku\":\"A-1\",\"qty\":2}",
                "{\"source\":\"checkout\"}",
                Instant.parse("2026-01-15T10:30:00.123456Z"))
            .withSchemaVersion(2);

    assertThat(text(EnvelopeCodec.encode(e)))
        .isEqualTo(
            "{\"id\":\"0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f\",\"eventType\":\"order.completed\",\"schemaVersion\":2,"
                + "\"aggregateType\":\"order\",\"aggregateId\":\"ord-42\",\"payload\":{\"sku\":\"A-1\",\"qty\":2},"
                + "\"occurredAt\":\"2026-01-15T10:30:00.123456Z\",\"metadata\":{\"source\":\"checkout\"}}");
  }

  @Test
  void leavesTenantAndTraceOutOfTheBody() {
    String body = text(EnvelopeCodec.encode(envelope("{}", "{}", Instant.EPOCH)));

    assertThat(body).doesNotContain("acme").doesNotContain(TRACE);
  }

  @Test
  void encodesOccurredAtAsUtcEndingInZ() {
    Instant fromOffset = OffsetDateTime.parse("2026-01-15T12:30:00+02:00").toInstant();

    String body = text(EnvelopeCodec.encode(envelope("{}", "{}", fromOffset)));

    assertThat(body).contains("\"occurredAt\":\"2026-01-15T10:30:00Z\"");
  }

  @Test
  void embedsPayloadAndMetadataVerbatim() {
    String payload = "{\"b\": 1,  \"a\": [1, 2], \"price\": 10.50, \"name\": \"caf\u00e9\"}";
    String metadata = "{\"z\": null, \"a\": true}";

    String body = text(EnvelopeCodec.encode(envelope(payload, metadata, Instant.EPOCH)));

    assertThat(body)
        .contains("\"payload\":" + payload + ",")
        .contains("\"metadata\":" + metadata + "}");
  }

  @Test
  void encodesAsUtf8() {
    byte[] body = EnvelopeCodec.encode(envelope("{\"name\":\"caf\u00e9\"}", "{}", Instant.EPOCH));

    assertThat(new String(body, UTF_8)).contains("caf\u00e9");
  }

  @Test
  void decodeOfEncodeGivesBackTheEnvelope() {
    Envelope e =
        envelope(
                "{\"sku\":\"A-1\",\"qty\":2}",
                "{\"source\":\"checkout\"}",
                Instant.parse("2026-01-15T10:30:00.123456Z"))
            .withSchemaVersion(3);

    assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(e), "acme", TRACE)).isEqualTo(e);
  }

  @Test
  void decodesABodyWrittenBeforeSchemaVersionsAsVersionZero() {
    String body =
        "{\"id\":\"0b6f1c9e-3f4a-4d2b-9c1e-7a8b9c0d1e2f\",\"eventType\":\"order.completed\","
            + "\"aggregateType\":\"order\",\"aggregateId\":\"ord-42\",\"payload\":{},"
            + "\"occurredAt\":\"2026-01-15T10:30:00Z\",\"metadata\":{}}";

    assertThat(EnvelopeCodec.decode(body.getBytes(UTF_8), null, null).schemaVersion()).isZero();
  }

  /**
   * PostgreSQL renders jsonb with a space after ':' and ',' and Debezium hands that text over as
   * is, so this is what every envelope built from the outbox looks like.
   */
  @Test
  void decodeOfEncodeKeepsPayloadAsStoredByPostgres() {
    Envelope e =
        envelope(
            "{\"qty\": 2, \"price\": 10.50}",
            "{\"source\": \"checkout\"}",
            Instant.parse("2026-01-15T10:30:00.123456Z"));

    assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(e), "acme", TRACE)).isEqualTo(e);
  }

  @Test
  void decodeRefusesBodyMissingEventTypeNamingIt() {
    byte[] body =
        ("{\"id\":\""
                + ID
                + "\",\"aggregateType\":\"order\",\"aggregateId\":\"ord-42\","
                + "\"payload\":{},\"occurredAt\":\"2026-01-15T10:30:00Z\",\"metadata\":{}}")
            .getBytes(UTF_8);

    assertThatThrownBy(() -> EnvelopeCodec.decode(body, null, null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'eventType'");
  }

  @Test
  void decodeRefusesArrayPayloadNamingIt() {
    byte[] body =
        ("{\"id\":\""
                + ID
                + "\",\"eventType\":\"order.completed\",\"aggregateType\":\"order\","
                + "\"aggregateId\":\"ord-42\",\"payload\":[1],\"occurredAt\":\"2026-01-15T10:30:00Z\",\"metadata\":{}}")
            .getBytes(UTF_8);

    assertThatThrownBy(() -> EnvelopeCodec.decode(body, null, null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("'payload'");
  }

  @Test
  void decodeRefusesNonJson() {
    assertThatThrownBy(() -> EnvelopeCodec.decode("not json".getBytes(UTF_8), null, null))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("envelope body is not JSON");
  }

  @Test
  void encodeColumnsKeepsNullsAsJsonNull() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("id", "nope");
    columns.put("tenant_id", null);
    columns.put("payload", "[1,2]");

    assertThat(text(EnvelopeCodec.encodeColumns(columns)))
        .isEqualTo("{\"id\":\"nope\",\"tenant_id\":null,\"payload\":\"[1,2]\"}");
  }

  private static Envelope envelope(String payload, String metadata, Instant occurredAt) {
    return new Envelope(
        ID,
        EventType.of("order.completed"),
        "order",
        "ord-42",
        "acme",
        new JsonObjectText(payload),
        new JsonObjectText(metadata),
        occurredAt,
        TRACE);
  }

  private static String text(byte[] body) {
    return new String(body, UTF_8);
  }
}
