package io.posthorn.relay;

import io.posthorn.schema.Envelope;
import io.posthorn.schema.EventType;
import io.posthorn.schema.InvalidEventException;
import io.posthorn.schema.JsonObjectText;
import io.posthorn.schema.catalog.EventCatalog;
import io.posthorn.schema.catalog.UnregisteredTypes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Turns the {@code after} image of a captured outbox insert into an {@link Envelope}, or explains
 * why it cannot. Never throws for bad data: a bad row must be quarantined, not stop the stream.
 *
 * <p>A row must also meet the {@link EventCatalog}: a type outside it, or a payload that breaks the
 * schema of the version in its {@code schema_version} column (the latest when the column is null),
 * is quarantined with the reason the writer would have given. The envelope carries the version
 * checked ({@code schemaVersion}). That covers rows inserted with plain SQL, which only the
 * database's constraints checked.
 *
 * <p>Debezium renders {@code uuid} and {@code jsonb} columns as strings and {@code timestamptz} as
 * an ISO-8601 string in UTC.
 */
final class OutboxRowMapper {
  private OutboxRowMapper() {}

  /** Maps against the standard catalog, quarantining types outside it. */
  static CapturedRow map(Struct after) {
    return map(after, EventCatalog.standard(), UnregisteredTypes.REFUSE);
  }

  static CapturedRow map(Struct after, EventCatalog catalog, UnregisteredTypes unregistered) {
    Map<String, String> columns = columns(after);
    String rowId = columns.get("id");
    try {
      Envelope envelope =
          new Envelope(
              uuid(rowId),
              EventType.of(columns.get("event_type")),
              required(columns, "aggregate_type"),
              required(columns, "aggregate_id"),
              columns.get("tenant_id"),
              objectColumn(columns, "payload"),
              columns.get("metadata") == null
                  ? JsonObjectText.EMPTY
                  : objectColumn(columns, "metadata"),
              instant(columns.get("occurred_at")),
              columns.get("trace_id"));
      int version = schemaVersion(columns.get("schema_version"));
      return new CapturedRow.Valid(
          catalog
              .require(envelope.eventType(), version, envelope.payload(), unregistered)
              .map(checked -> envelope.withSchemaVersion(checked.version()))
              .orElse(envelope));
    } catch (InvalidEventException e) {
      return new CapturedRow.Invalid(rowId, e.getMessage(), columns);
    }
  }

  private static Map<String, String> columns(Struct after) {
    Map<String, String> columns = new LinkedHashMap<>();
    for (Field field : after.schema().fields()) {
      Object value = after.get(field);
      columns.put(field.name(), value == null ? null : value.toString());
    }
    return columns;
  }

  /** The stamped version; 0 (the latest) when the row has none (plain SQL, or an older writer). */
  private static int schemaVersion(String column) {
    if (column == null) {
      return 0;
    }
    try {
      int version = Integer.parseInt(column);
      if (version >= 1) {
        return version;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidEventException("schema_version '" + column + "' is not a version (1 or more)");
  }

  private static UUID uuid(String id) {
    if (id == null) {
      throw new InvalidEventException("id is missing");
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException("id '" + id + "' is not a UUID");
    }
  }

  private static String required(Map<String, String> columns, String name) {
    String value = columns.get(name);
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(name + " is missing or blank");
    }
    return value;
  }

  private static JsonObjectText objectColumn(Map<String, String> columns, String name) {
    try {
      return new JsonObjectText(required(columns, name));
    } catch (InvalidEventException e) {
      throw new InvalidEventException(name + ": " + e.getMessage());
    }
  }

  private static Instant instant(String occurredAt) {
    if (occurredAt == null) {
      throw new InvalidEventException("occurred_at is missing");
    }
    try {
      return Instant.parse(occurredAt);
    } catch (DateTimeParseException e) {
      throw new InvalidEventException(
          "occurred_at '" + occurredAt + "' is not an ISO-8601 instant");
    }
  }
}
