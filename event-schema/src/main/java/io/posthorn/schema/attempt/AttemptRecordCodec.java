package io.posthorn.schema.attempt;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.posthorn.schema.task.DeliveryTask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The JSON of an {@link AttemptRecord} on {@code posthorn.attempts}: written by the workers, read
 * by the registry's attempt log. One codec, so both sides agree on every field; a record that is
 * not one fails naming the field.
 */
public final class AttemptRecordCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AttemptRecordCodec() {}

  /** Streams the JSON (no intermediate tree: a worker runs this once per attempt). */
  public static byte[] encode(AttemptRecord a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + a.responseSnippet().length());
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("eventId", a.eventId());
      g.writeStringField("eventType", a.eventType());
      g.writeStringField("endpointId", a.endpointId());
      g.writeStringField("tenantId", a.tenantId());
      g.writeNumberField("attempt", a.attempt());
      g.writeStringField("startedAt", a.startedAt().toString());
      g.writeNumberField("durationMs", a.duration().toMillis());
      g.writeStringField("outcome", a.outcome());
      g.writeNumberField("status", a.status());
      g.writeStringField("error", a.error());
      g.writeStringField("responseSnippet", a.responseSnippet());
      g.writeBooleanField("disableRequested", a.disableRequested());
      g.writeObjectFieldStart("origin");
      g.writeStringField("topic", a.origin().topic());
      g.writeNumberField("partition", a.origin().partition());
      g.writeNumberField("offset", a.origin().offset());
      g.writeEndObject();
      g.writeBooleanField("final", a.finalAttempt());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static AttemptRecord decode(byte[] value) {
    JsonNode n;
    try {
      n = value == null ? null : JSON.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String outcome = text(n, "outcome", true);
    if (!AttemptRecord.OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException(
          "outcome must be one of " + AttemptRecord.OUTCOMES + ", got '" + outcome + "'");
    }
    return new AttemptRecord(
        text(n, "eventId", true),
        text(n, "eventType", true),
        text(n, "endpointId", true),
        text(n, "tenantId", false),
        (int) number(n, "attempt"),
        instant(n, "startedAt"),
        Duration.ofMillis(number(n, "durationMs")),
        outcome,
        (int) number(n, "status"),
        text(n, "error", false),
        text(n, "responseSnippet", false),
        n.path("disableRequested").asBoolean(false),
        origin(n.path("origin")),
        flag(n, "final"));
  }

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing " + field);
      }
      return null;
    }
    if (!v.isTextual() || required && v.asText().isBlank()) {
      throw new IllegalArgumentException(field + " must be a non-blank string");
    }
    return v.asText();
  }

  private static DeliveryTask.Origin origin(JsonNode origin) {
    try {
      return new DeliveryTask.Origin(
          text(origin, "topic", true), (int) number(origin, "partition"), number(origin, "offset"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("origin." + e.getMessage(), e);
    }
  }

  /**
   * Absent or null is {@code false} (a record written before the field existed); anything but a
   * boolean is refused.
   */
  private static boolean flag(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(field + " must be true or false");
    }
    return v.booleanValue();
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + " must be a whole number");
    }
    return v.asLong();
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(text(n, field, true));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + " must be an ISO-8601 instant", e);
    }
  }
}
