package io.posthorn.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The one JSON codec for the envelope body. Field order is fixed; timestamps are ISO-8601 UTC with
 * {@code Z}; payload and metadata are embedded as the object text they were stored as.
 *
 * <p>Thread-safe.
 */
public final class EnvelopeCodec {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final JsonFactory JSON = MAPPER.getFactory();

  private EnvelopeCodec() {}

  /** The exact UTF-8 bytes every subscriber receives and every signature covers. */
  public static byte[] encode(Envelope envelope) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            160 + envelope.payload().json().length() + envelope.metadata().json().length());
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("id", envelope.id().toString());
      gen.writeStringField("eventType", envelope.eventType().name());
      gen.writeStringField("aggregateType", envelope.aggregateType());
      gen.writeStringField("aggregateId", envelope.aggregateId());
      gen.writeFieldName("payload");
      gen.writeRawValue(envelope.payload().json());
      gen.writeStringField("occurredAt", envelope.occurredAt().toString());
      gen.writeFieldName("metadata");
      gen.writeRawValue(envelope.metadata().json());
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding envelope " + envelope.id(), e);
    }
    return out.toByteArray();
  }

  /**
   * Reads a body back. Tenant and trace id are not in the body: pass them from the headers.
   *
   * @throws InvalidEventException naming the field when the body is not a valid envelope
   */
  public static Envelope decode(byte[] body, String tenantId, String traceId) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new InvalidEventException("envelope body is not JSON: " + e.getMessage(), e);
    }
    if (!(tree instanceof ObjectNode node)) {
      throw new InvalidEventException("envelope body is not a JSON object");
    }
    try {
      return new Envelope(
          UUID.fromString(text(node, "id")),
          EventType.of(text(node, "eventType")),
          text(node, "aggregateType"),
          text(node, "aggregateId"),
          tenantId,
          new JsonObjectText(object(node, "payload")),
          new JsonObjectText(object(node, "metadata")),
          Instant.parse(text(node, "occurredAt")),
          traceId);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new InvalidEventException("envelope body has a malformed field: " + e.getMessage(), e);
    }
  }

  /**
   * A flat JSON object of column name to text (or {@code null}), for rows that could not become an
   * envelope: they are kept as found, nothing interpreted, so an engineer can repair and re-emit.
   */
  public static byte[] encodeColumns(java.util.Map<String, String> columns) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator gen = JSON.createGenerator(out)) {
      gen.writeStartObject();
      for (var column : columns.entrySet()) {
        gen.writeStringField(column.getKey(), column.getValue());
      }
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding columns " + columns.keySet(), e);
    }
    return out.toByteArray();
  }

  /** Parses any JSON document, for callers that compare bodies structurally. */
  public static JsonNode tree(byte[] json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new InvalidEventException("not JSON: " + e.getMessage(), e);
    }
  }

  private static String text(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidEventException("envelope field '" + field + "' must be a string");
    }
    return value.asText();
  }

  private static String object(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new InvalidEventException("envelope field '" + field + "' must be a JSON object");
    }
    return value.toString();
  }
}
