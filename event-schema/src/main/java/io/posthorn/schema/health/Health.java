package io.posthorn.schema.health;

import java.util.Objects;

/**
 * What a running component (relay, worker, registry) says of itself. The process supervisor in
 * {@code ops} polls it: {@link Status#FAILED} makes the process exit non-zero after logging the
 * detail at ERROR, and the readiness endpoint answers 503 with the detail unless the status is
 * {@link Status#READY}. Components only report; they never exit the process themselves.
 *
 * @param detail why the component is not ready or failed; a short sentence naming the part (loop,
 *     feed, consumer, topic) and the cause; empty when ready, or a note (a standby relay says it is
 *     one)
 */
public record Health(Status status, String detail) {
  /** Where a component is in its life. */
  public enum Status {
    /** Starting, or waiting for something it needs (a lease, the routing table); not an error. */
    STARTING,
    /** Doing its work. */
    READY,
    /** A part died and will not come back by itself: the process should exit. */
    FAILED
  }

  public Health {
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static Health ready() {
    return new Health(Status.READY, "");
  }

  public static Health starting(String detail) {
    return new Health(Status.STARTING, detail);
  }

  public static Health failed(String detail) {
    return new Health(Status.FAILED, detail);
  }

  public boolean isReady() {
    return status == Status.READY;
  }

  public boolean isFailed() {
    return status == Status.FAILED;
  }

  /** The worse of two: FAILED over STARTING over READY; on a tie, this one (its detail) wins. */
  public Health and(Health other) {
    return severity(other.status) > severity(status) ? other : this;
  }

  private static int severity(Status s) {
    return switch (s) {
      case READY -> 0;
      case STARTING -> 1;
      case FAILED -> 2;
    };
  }
}
