package io.posthorn.relay;

import io.posthorn.schema.Envelope;

/**
 * Observes the relay. Metrics, logs and test latches implement it; every method has a no-op
 * default. Called on the relay's own threads (the supervisor, the engine, the offset marker), so
 * implementations must be fast, thread-safe, and must not throw.
 *
 * <p>A relay's life: {@link #standby} while another relay holds the slot, {@link #active} once it
 * holds it, {@link #streaming} each time its engine connects, {@link #engineRestarting} when the
 * watchdog or a failure restarts the engine, and {@link #stopped} once, at the end.
 */
public interface RelayListener {
  RelayListener NONE = new RelayListener() {};

  /** Calls each listener in turn (status lines and {@link RelayMetrics}, for instance). */
  static RelayListener all(RelayListener... listeners) {
    return new CompositeRelayListener(listeners);
  }

  /**
   * Another relay streams from the slot; this one waits to take over. {@code holder} says who, if
   * known.
   */
  default void standby(String holder) {}

  /** This relay now owns the slot and starts its engine. */
  default void active() {}

  /** The engine has connected to the slot and is streaming. */
  default void streaming() {}

  /** Kafka acknowledged this envelope; its offset is marked processed. */
  default void published(Envelope envelope) {}

  /**
   * A row could not become an envelope and was written to the invalid topic instead (acknowledged).
   */
  default void quarantined(String rowId, String reason) {}

  /**
   * Kafka acknowledged an endpoint change captured from the registry's feed table: {@code deleted}
   * when it was a tombstone.
   */
  default void endpointPublished(String endpointId, boolean deleted) {}

  /**
   * The row {@code rowId} names a type or schema version ({@code missing}: {@code invoice.voided},
   * {@code invoice.paid v3}) the relay's catalog lacks even after a reload: the relay holds it, and
   * every row behind it, while it waits for the catalog directory to gain it ({@code
   * relay.catalog-wait}). Ends with {@link #catalogWaitEnded}. Needs attention if it lasts: deploy
   * the catalog to the relay.
   */
  default void catalogWaitStarted(String rowId, String missing) {}

  /**
   * The wait of {@link #catalogWaitStarted} ended: {@code found} when the catalog gained what was
   * missing (the row goes on to be checked and published), else the row was quarantined or the
   * relay stopped.
   */
  default void catalogWaitEnded(String rowId, boolean found) {}

  /** A heartbeat came back through the slot: the replication stream is alive. */
  default void heartbeat() {}

  /** The slot was checked (every few seconds, by the active relay and by standbys). */
  default void slotChecked(SlotStatus status) {}

  /** The engine is being restarted, and why. */
  default void engineRestarting(EngineRestart why) {}

  /**
   * The relay stopped: {@code error} is null after {@link OutboxRelay#close()}, else what ended it.
   */
  default void stopped(Throwable error) {}
}
