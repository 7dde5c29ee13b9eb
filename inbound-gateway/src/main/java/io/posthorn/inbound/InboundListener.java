package io.posthorn.inbound;

import java.util.List;

/**
 * What the inbound gateway reports. Called on the request's thread after its outcome is known and
 * before the answer is written; an implementation must be quick and thread-safe, and what it throws
 * is logged and ignored. Meters ({@code InboundMetrics}), logs and test latches implement it.
 */
public interface InboundListener {
  InboundListener NONE = new InboundListener() {};

  /**
   * One request answered.
   *
   * @param connectionId the path's id (also for an unknown connection)
   * @param provider the connection's provider's wire name, {@code unknown} when there is none
   * @param nanos from the request's arrival to its outcome
   */
  default void requestAnswered(
      String connectionId, String provider, IngestOutcome outcome, long nanos) {}

  /** All of {@code listeners}, in order. */
  static InboundListener all(InboundListener... listeners) {
    List<InboundListener> all = List.of(listeners);
    return new InboundListener() {
      @Override
      public void requestAnswered(
          String connectionId, String provider, IngestOutcome outcome, long nanos) {
        for (InboundListener l : all) {
          l.requestAnswered(connectionId, provider, outcome, nanos);
        }
      }
    };
  }
}
