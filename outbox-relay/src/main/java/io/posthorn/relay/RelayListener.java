package io.posthorn.relay;

import io.posthorn.schema.Envelope;

/**
 * Observes the relay. Metrics, logs and test latches implement it; every method has a no-op
 * default. Called on the engine's thread: implementations must be fast and must not throw.
 */
public interface RelayListener {
  RelayListener NONE = new RelayListener() {};

  /** The engine has connected to the slot and is streaming. */
  default void streaming() {}

  /** Kafka acknowledged this envelope; its offset is about to be marked processed. */
  default void published(Envelope envelope) {}

  /** A row could not become an envelope and was written to the invalid topic instead. */
  default void quarantined(String rowId, String reason) {}

  /** The engine stopped; {@code error} is null for a clean stop. */
  default void stopped(Throwable error) {}
}
