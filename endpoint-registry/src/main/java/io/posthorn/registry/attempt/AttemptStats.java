package io.posthorn.registry.attempt;

import java.time.Instant;

/**
 * An endpoint's attempts since a time.
 *
 * @param lastSuccess the newest delivered attempt still in the log (any time), or {@code null}
 * @param p50Ms median attempt duration, {@code null} without attempts
 * @param p99Ms 99th percentile attempt duration, {@code null} without attempts
 */
record AttemptStats(
    Instant since, long attempts, long delivered, Instant lastSuccess, Long p50Ms, Long p99Ms) {
  /** Delivered / attempts, {@code null} without attempts. */
  Double successRate() {
    return attempts == 0 ? null : (double) delivered / attempts;
  }
}
