package io.posthorn.schema;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as Posthorn carries it. The JSON body subscribers receive ({@link EnvelopeCodec}) holds
 * {@code id, eventType, aggregateType, aggregateId, payload, occurredAt, metadata}; the tenant and
 * the trace id travel beside it in Kafka headers; over HTTP the trace id becomes {@code
 * traceparent} (see docs/envelope.md).
 *
 * <p>{@code occurredAt} is kept at microsecond precision, PostgreSQL's, so an envelope read back
 * from the outbox equals the one written.
 *
 * @param id the outbox row id; also the {@code webhook-id} of every delivery of this event
 * @param tenantId the owning tenant, or {@code null} for a global event
 * @param traceId a W3C trace id (32 lowercase hex), or {@code null}
 * @param schemaVersion the catalog schema version of {@code eventType} the payload was checked
 *     against (body field {@code schemaVersion}); 0 when it was checked against none (a type
 *     outside the catalog let through, or a body written before versions existed)
 */
public record Envelope(
    UUID id,
    EventType eventType,
    String aggregateType,
    String aggregateId,
    String tenantId,
    JsonObjectText payload,
    JsonObjectText metadata,
    Instant occurredAt,
    String traceId,
    int schemaVersion) {

  /** An envelope not (yet) checked against a catalog version. */
  public Envelope(
      UUID id,
      EventType eventType,
      String aggregateType,
      String aggregateId,
      String tenantId,
      JsonObjectText payload,
      JsonObjectText metadata,
      Instant occurredAt,
      String traceId) {
    this(
        id,
        eventType,
        aggregateType,
        aggregateId,
        tenantId,
        payload,
        metadata,
        occurredAt,
        traceId,
        0);
  }

  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(eventType, "eventType");
    requireText(aggregateType, "aggregateType");
    requireText(aggregateId, "aggregateId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(occurredAt, "occurredAt");
    occurredAt = occurredAt.truncatedTo(ChronoUnit.MICROS);
    if (tenantId != null && tenantId.isBlank()) {
      throw new InvalidEventException("tenantId must be null or non-blank");
    }
    if (traceId != null && !TraceId.isValid(traceId)) {
      throw new InvalidEventException(
          "traceId '" + traceId + "' is not a W3C trace id (32 lowercase hex, not all zero)");
    }
    if (schemaVersion < 0) {
      throw new InvalidEventException("schemaVersion must be 0 or more, got " + schemaVersion);
    }
  }

  /** This envelope, stamped with the catalog schema version its payload was checked against. */
  public Envelope withSchemaVersion(int version) {
    return new Envelope(
        id,
        eventType,
        aggregateType,
        aggregateId,
        tenantId,
        payload,
        metadata,
        occurredAt,
        traceId,
        version);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidEventException(field + " must be non-blank");
    }
  }
}
