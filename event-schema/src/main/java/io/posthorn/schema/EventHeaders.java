package io.posthorn.schema;

/**
 * Kafka record header names: the one place they are spelled.
 *
 * <p>An event record on {@link Topics#EVENTS} carries its routing attributes as headers so a worker
 * can match and sign without parsing the body. Header values are UTF-8 strings; an absent optional
 * attribute (tenant, trace) is an absent header, never an empty one.
 */
public final class EventHeaders {
  /** The outbox row id; becomes {@code webhook-id}. */
  public static final String EVENT_ID = "posthorn-event-id";

  public static final String EVENT_TYPE = "posthorn-event-type";

  /** Present only for tenant-scoped events. */
  public static final String TENANT_ID = "posthorn-tenant-id";

  /** ISO-8601 UTC instant the product service recorded. */
  public static final String OCCURRED_AT = "posthorn-occurred-at";

  /**
   * The catalog schema version the payload was checked against (the body's {@code schemaVersion}),
   * present only when one was: what a worker matches an endpoint's version pins against.
   */
  public static final String SCHEMA_VERSION = "posthorn-schema-version";

  /** W3C trace id (32 lowercase hex), present only when the row carried one. */
  public static final String TRACE_ID = "posthorn-trace-id";

  /** On {@link Topics#EVENTS_INVALID}: why the row was quarantined. */
  public static final String INVALID_REASON = "posthorn-invalid-reason";

  /** On {@link Topics#EVENTS_INVALID}: the outbox row id as found (may itself be unusable). */
  public static final String OUTBOX_ROW_ID = "posthorn-outbox-row-id";

  // Delivery tasks: an event bound for one endpoint, on a retry tier or the dead-letter topic. They
  // carry the event headers above plus these.

  /** The endpoint the task delivers to; also the record key. */
  public static final String ENDPOINT_ID = "posthorn-endpoint-id";

  /** Attempts already made (0 for a task parked before its first attempt). */
  public static final String ATTEMPTS = "posthorn-attempts";

  /** Epoch milliseconds at which the task may be attempted again. */
  public static final String DUE_AT = "posthorn-due-at";

  /** ISO-8601 UTC instants of the first and the latest attempt; absent before the first. */
  public static final String FIRST_ATTEMPT_AT = "posthorn-first-attempt-at";

  public static final String LAST_ATTEMPT_AT = "posthorn-last-attempt-at";

  /** The latest attempt's HTTP status, or {@code 0} when there was no answer. */
  public static final String LAST_STATUS = "posthorn-last-status";

  /** The latest attempt's error class and message, or the status line. */
  public static final String LAST_ERROR = "posthorn-last-error";

  /**
   * Why the task was parked without an attempt (in-flight bound, rate limit, open circuit) since
   * its latest attempt; next to {@link #LAST_ERROR}, which keeps the latest failure.
   */
  public static final String PARKED_REASON = "posthorn-parked-reason";

  /** Where the event was first consumed: topic, partition and offset on {@link Topics#EVENTS}. */
  public static final String ORIGIN_TOPIC = "posthorn-origin-topic";

  public static final String ORIGIN_PARTITION = "posthorn-origin-partition";

  public static final String ORIGIN_OFFSET = "posthorn-origin-offset";

  /**
   * On {@link Topics#DLQ}: why the task was given up, {@code <cause>: <detail>} ({@code exhausted:
   * …}, {@code gone: …}); written and read through {@link
   * io.posthorn.schema.task.DeadLetterReason}.
   */
  public static final String DEAD_LETTER_REASON = "posthorn-dead-letter-reason";

  /**
   * On {@link Topics#REDELIVERIES}: the id of the replay or redelivery request that produced it.
   */
  public static final String REPLAY_ID = "posthorn-replay-id";

  /** How many times this delivery has been replayed out of the dead-letter topic (loop guard). */
  public static final String REPLAYS = "posthorn-replays";

  private EventHeaders() {}
}
