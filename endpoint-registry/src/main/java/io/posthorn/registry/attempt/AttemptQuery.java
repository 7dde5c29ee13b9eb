package io.posthorn.registry.attempt;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters of an attempt list; {@code after} is the cursor's position (the previous page's last
 * attempt).
 */
record AttemptQuery(
    Optional<String> endpointId,
    Optional<String> eventId,
    Optional<String> outcome,
    Optional<Integer> status,
    Optional<Instant> since,
    Optional<Instant> until,
    Optional<Position> after) {

  /** Where a page ended: attempts are listed newest first by start, then row id. */
  record Position(Instant startedAt, long id) {}
}
