package io.posthorn.schema;

/** Default Kafka topic names: the one place they are spelled. Components take them from config. */
public final class Topics {
  /** Valid envelopes, keyed by aggregate id, value = the exact body subscribers receive. */
  public static final String EVENTS = "posthorn.events";

  /** Outbox rows that could not become an envelope, with {@link EventHeaders#INVALID_REASON}. */
  public static final String EVENTS_INVALID = "posthorn.events.invalid";

  /** The relay's Debezium offsets (compacted), so a relay keeps no local state. */
  public static final String RELAY_OFFSETS = "posthorn.relay.offsets";

  /**
   * Endpoint documents keyed by endpoint id (compacted; a tombstone deletes): the workers' routing
   * table.
   */
  public static final String ENDPOINTS = "posthorn.endpoints";

  /** One record per delivery attempt, keyed by endpoint id, for the registry's attempt log. */
  public static final String ATTEMPTS = "posthorn.attempts";

  /**
   * Prefix of the retry tier topics: {@code posthorn.retry.1m}, {@code .5m}, … named by their
   * delay.
   */
  public static final String RETRY_PREFIX = "posthorn.retry.";

  /**
   * Deliveries asked for again by people (dead-letter replay, the registry's resend, recover and
   * ping): task records like a tier's, attempted when their {@link EventHeaders#DUE_AT} comes.
   */
  public static final String REDELIVERIES = "posthorn.redeliveries";

  /** Deliveries that exhausted the ladder or may not be attempted, with the reason in headers. */
  public static final String DLQ = "posthorn.dlq";

  private Topics() {}
}
