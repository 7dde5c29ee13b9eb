package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;

/**
 * Observes deliveries. Metrics, logs and test latches implement it; every method has a no-op
 * default. Methods run on the consumer thread or on HTTP and producer threads: implementations must
 * be thread-safe and fast, and should not throw ({@link #all} catches and logs what one throws, so
 * a listener can never hold a delivery back). Hand-over events come after the record resolved.
 */
public interface DeliveryListener {
  DeliveryListener NONE = new DeliveryListener() {};

  /** The request is about to be sent. */
  default void attemptStarted(DeliveryRequest request) {}

  /** The attempt ended; called exactly once per {@link #attemptStarted}. */
  default void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {}

  /**
   * Could not wait for its endpoint in memory (its lane full, or waited {@code
   * worker.pacing.max-wait} at the endpoint's in-flight bound or rate limit): handed to the first
   * retry tier, not an attempt.
   */
  default void parked(DeliveryTask task, String reason) {}

  /**
   * Waits, unsent, through cool-down number {@code holds} (1-based, at most {@code
   * worker.circuit.max-holds}) of its endpoint's open circuit.
   */
  default void circuitHeld(DeliveryTask task, int holds) {}

  /**
   * A failed attempt's task is now on retry tier {@code tier} (0-based); for an ordered endpoint,
   * it waits that tier's step in memory instead (decision 0045).
   */
  default void retryScheduled(DeliveryTask task, int tier) {}

  /** The task is on the dead-letter topic. */
  default void deadLettered(DeliveryTask task, DeadLetterReason reason) {}

  /**
   * Kafka refused a task for a retry tier or the dead-letter topic. Called once per refusal: the
   * task is written again after a backoff, or, past {@code worker.handover.give-up-after},
   * abandoned (its offset never committed past it) and the worker reports FAILED. Needs attention.
   */
  default void handoverFailed(DeliveryTask task, Throwable error) {}

  /**
   * A record the worker cannot use is now on the invalid-events topic; {@code reason} names what is
   * wrong.
   */
  default void quarantined(String record, String reason) {}

  /**
   * Kafka did not take a quarantined record: its offset stays uncommitted and the worker reports
   * FAILED, so it is restarted and reads the record again. Needs attention.
   */
  default void quarantineFailed(String record, Throwable error) {}

  /**
   * The circuit of an endpoint opened ({@code open}) after a run of failures, or closed after a
   * probe succeeded.
   */
  default void circuitChanged(String endpointId, boolean open) {}

  /**
   * An endpoint document did not decode; the endpoint receives nothing until a valid one arrives.
   */
  default void endpointRejected(String endpointId, String reason) {}

  /**
   * The endpoint subscribes to the event's type but pins other schema versions of it (decision
   * 0047): the event is not delivered to it, and nothing is recorded in its attempt log. {@code
   * schemaVersion} is {@code 0} when the event carries none (a relay before version stamping).
   */
  default void versionNotAccepted(
      String endpointId, String eventId, String eventType, int schemaVersion) {}

  /** Calls each listener in turn. */
  static DeliveryListener all(DeliveryListener... listeners) {
    return new CompositeListener(listeners);
  }
}
