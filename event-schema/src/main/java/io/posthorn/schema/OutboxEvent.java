package io.posthorn.schema;

import java.util.UUID;

/**
 * An event a product service asks {@link Outbox} to emit. Nothing is checked here: {@link
 * Outbox#emit} checks everything at once and says what is wrong.
 *
 * @param type the event type, e.g. {@code order.completed}; must be in the catalog unless the
 *     outbox accepts unregistered types
 * @param aggregateId the entity the event is about; the Kafka key, so its events stay in order
 * @param payload the event's JSON object, as text; must fit the type's schema
 * @param tenantId the owning tenant, or {@code null} for a global event
 * @param metadata a JSON object of context for subscribers ({@code {}} when {@code null})
 * @param id the event id, or {@code null} to have one generated
 * @param traceparent the W3C {@code traceparent} header of the current request, or {@code null};
 *     the trace id is taken from it (an invalid header is ignored, as W3C Trace Context requires)
 * @param schemaVersion the catalog schema version of {@code type} to check the payload against and
 *     stamp, or 0 for the type's latest version
 */
public record OutboxEvent(
    String type,
    String aggregateType,
    String aggregateId,
    String payload,
    String tenantId,
    String metadata,
    UUID id,
    String traceparent,
    int schemaVersion) {

  public static OutboxEvent of(
      String type, String aggregateType, String aggregateId, String payload) {
    return new OutboxEvent(type, aggregateType, aggregateId, payload, null, null, null, null, 0);
  }

  /**
   * This event, written as version {@code schemaVersion} of its type (a producer that still emits
   * an older version while a newer one exists); 0 means the latest.
   */
  public OutboxEvent withSchemaVersion(int schemaVersion) {
    return new OutboxEvent(
        type,
        aggregateType,
        aggregateId,
        payload,
        tenantId,
        metadata,
        id,
        traceparent,
        schemaVersion);
  }

  public OutboxEvent withTenant(String tenantId) {
    return new OutboxEvent(
        type,
        aggregateType,
        aggregateId,
        payload,
        tenantId,
        metadata,
        id,
        traceparent,
        schemaVersion);
  }

  public OutboxEvent withMetadata(String metadata) {
    return new OutboxEvent(
        type,
        aggregateType,
        aggregateId,
        payload,
        tenantId,
        metadata,
        id,
        traceparent,
        schemaVersion);
  }

  public OutboxEvent withId(UUID id) {
    return new OutboxEvent(
        type,
        aggregateType,
        aggregateId,
        payload,
        tenantId,
        metadata,
        id,
        traceparent,
        schemaVersion);
  }

  public OutboxEvent withTraceparent(String traceparent) {
    return new OutboxEvent(
        type,
        aggregateType,
        aggregateId,
        payload,
        tenantId,
        metadata,
        id,
        traceparent,
        schemaVersion);
  }
}
