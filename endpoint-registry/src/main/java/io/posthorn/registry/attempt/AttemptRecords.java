package io.posthorn.registry.attempt;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.registry.http.JsonInput;
import io.posthorn.schema.task.DeliveryTask;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the workers' JSON attempt records; a record that is not one fails naming the field. */
final class AttemptRecords {
  private AttemptRecords() {}

  /** @throws IllegalArgumentException naming the missing or malformed field */
  static Attempt decode(byte[] value) {
    JsonNode n;
    try {
      n = value == null ? null : JsonInput.MAPPER.readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String outcome = text(n, "outcome", true);
    if (!Attempt.OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException("outcome must be one of " + Attempt.OUTCOMES + ", got '" + outcome + "'");
    }
    return new Attempt(0, text(n, "eventId", true), text(n, "eventType", true), text(n, "endpointId", true),
        text(n, "tenantId", false), (int) number(n, "attempt"), instant(n, "startedAt"), number(n, "durationMs"),
        outcome, (int) number(n, "status"), text(n, "error", false), text(n, "responseSnippet", false),
        n.path("disableRequested").asBoolean(false),
        origin(n.path("origin")));
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
      return new DeliveryTask.Origin(text(origin, "topic", true), (int) number(origin, "partition"),
          number(origin, "offset"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("origin." + e.getMessage(), e);
    }
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
