package io.posthorn.schema;

/**
 * Kafka record header names: the one place they are spelled.
 *
 * <p>An event record on {@link Topics#EVENTS} carries its routing attributes as headers so a
 * worker can match and sign without parsing the body. Header values are UTF-8 strings; an absent
 * optional attribute (tenant, trace) is an absent header, never an empty one.
 */
public final class EventHeaders {
  /** The outbox row id; becomes {@code webhook-id}. */
  public static final String EVENT_ID = "posthorn-event-id";

  public static final String EVENT_TYPE = "posthorn-event-type";

  /** Present only for tenant-scoped events. */
  public static final String TENANT_ID = "posthorn-tenant-id";

  /** ISO-8601 UTC instant the product service recorded. */
  public static final String OCCURRED_AT = "posthorn-occurred-at";

  /** W3C trace id (32 lowercase hex), present only when the row carried one. */
  public static final String TRACE_ID = "posthorn-trace-id";

  /** On {@link Topics#EVENTS_INVALID}: why the row was quarantined. */
  public static final String INVALID_REASON = "posthorn-invalid-reason";

  /** On {@link Topics#EVENTS_INVALID}: the outbox row id as found (may itself be unusable). */
  public static final String OUTBOX_ROW_ID = "posthorn-outbox-row-id";

  private EventHeaders() {}
}
