package io.posthorn.schema;

/** Default Kafka topic names: the one place they are spelled. Components take them from config. */
public final class Topics {
  /** Valid envelopes, keyed by aggregate id, value = the exact body subscribers receive. */
  public static final String EVENTS = "posthorn.events";

  /** Outbox rows that could not become an envelope, with {@link EventHeaders#INVALID_REASON}. */
  public static final String EVENTS_INVALID = "posthorn.events.invalid";

  /** The relay's Debezium offsets (compacted), so a relay keeps no local state. */
  public static final String RELAY_OFFSETS = "posthorn.relay.offsets";

  private Topics() {}
}
