package io.posthorn.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
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
  private static final ObjectReader STRICT_READER =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
      gen.writeNumberField("schemaVersion", envelope.schemaVersion());
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
   * Reads a body back. Payload and metadata keep their text exactly as it stands in the body (same
   * spacing, same number spelling), so re-encoding gives the same bytes and the same signature.
   * Tenant and trace id are not in the body: pass them from the headers. A body without {@code
   * schemaVersion} (written before versions existed) reads as version 0.
   *
   * @throws InvalidEventException naming the field when the body is not a valid envelope
   */
  public static Envelope decode(byte[] body, String tenantId, String traceId) {
    String text = new String(body, StandardCharsets.UTF_8);
    Map<String, String> strings = new HashMap<>();
    Map<String, String> objects = new HashMap<>();
    int schemaVersion = 0;
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidEventException("envelope body is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT) {
          int start = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          objects.put(name, text.substring(start, (int) parser.currentLocation().getCharOffset()));
        } else if (value == JsonToken.VALUE_STRING) {
          strings.put(name, parser.getText());
        } else if (value == JsonToken.VALUE_NUMBER_INT && name.equals("schemaVersion")) {
          schemaVersion = parser.getIntValue();
        } else {
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new InvalidEventException("envelope body is not JSON: " + e.getMessage(), e);
    }
    try {
      return new Envelope(
          UUID.fromString(string(strings, "id")),
          EventType.of(string(strings, "eventType")),
          string(strings, "aggregateType"),
          string(strings, "aggregateId"),
          tenantId,
          new JsonObjectText(object(objects, "payload")),
          new JsonObjectText(object(objects, "metadata")),
          Instant.parse(string(strings, "occurredAt")),
          traceId,
          schemaVersion);
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

  /**
   * Parses one JSON document, such as a payload checked against the event catalog; nothing may
   * follow it.
   */
  public static JsonNode tree(String json) {
    try {
      return STRICT_READER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new InvalidEventException(
          e.getOriginalMessage()
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"),
          e);
    }
  }

  private static String string(Map<String, String> strings, String field) {
    String value = strings.get(field);
    if (value == null) {
      throw new InvalidEventException("envelope field '" + field + "' must be a string");
    }
    return value;
  }

  private static String object(Map<String, String> objects, String field) {
    String value = objects.get(field);
    if (value == null) {
      throw new InvalidEventException("envelope field '" + field + "' must be a JSON object");
    }
    return value;
  }
}
