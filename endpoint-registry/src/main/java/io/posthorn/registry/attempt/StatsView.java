package io.posthorn.registry.attempt;

import java.time.Instant;

/** An endpoint's stats as the API shows them ({@code EndpointStats} in openapi.yaml). */
record StatsView(
    String endpointId,
    Instant since,
    long attempts,
    long delivered,
    Double successRate,
    Instant lastSuccessAt,
    Durations durationMs) {

  /** Attempt durations in milliseconds, {@code null} without attempts. */
  record Durations(Long p50, Long p99) {}

  static StatsView of(String endpointId, AttemptStats s) {
    return new StatsView(
        endpointId,
        s.since(),
        s.attempts(),
        s.delivered(),
        s.successRate(),
        s.lastSuccess(),
        new Durations(s.p50Ms(), s.p99Ms()));
  }
}
