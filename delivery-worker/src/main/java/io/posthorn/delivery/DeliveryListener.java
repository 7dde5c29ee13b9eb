package io.posthorn.delivery;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.DeliveryRequest;

/**
 * Observes deliveries. Metrics, logs and test latches implement it; every method has a no-op
 * default. {@link #attemptStarted} runs on the consumer thread, {@link #attemptFinished} on an HTTP
 * thread: implementations must be thread-safe, fast, and must not throw.
 */
public interface DeliveryListener {
  DeliveryListener NONE = new DeliveryListener() {};

  /** The request is about to be sent. */
  default void attemptStarted(DeliveryRequest request) {}

  /** The attempt ended; called exactly once per {@link #attemptStarted}. */
  default void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {}

  /** A record could not be routed and was skipped; {@code reason} names what it lacked. */
  default void unroutable(String reason) {}

  /** Calls each listener in turn. */
  static DeliveryListener all(DeliveryListener... listeners) {
    return new DeliveryListener() {
      @Override
      public void attemptStarted(DeliveryRequest request) {
        for (DeliveryListener l : listeners) {
          l.attemptStarted(request);
        }
      }

      @Override
      public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
        for (DeliveryListener l : listeners) {
          l.attemptFinished(request, outcome);
        }
      }

      @Override
      public void unroutable(String reason) {
        for (DeliveryListener l : listeners) {
          l.unroutable(reason);
        }
      }
    };
  }
}
