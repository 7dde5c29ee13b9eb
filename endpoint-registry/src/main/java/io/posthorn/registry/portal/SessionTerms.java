package io.posthorn.registry.portal;

import java.time.Duration;
import java.time.Instant;

/**
 * When a portal session ends: after {@code idle} without a request, or {@code max} after it began,
 * whichever comes first. Pure; the clock is the caller's.
 */
record SessionTerms(Duration idle, Duration max) {

  /** Why a session may or may not go on. */
  sealed interface Standing {}

  /** Live; the next request must come before {@code idleUntil}. */
  record Live(Instant idleUntil) implements Standing {}

  /** Unused for longer than the idle limit. */
  record Idle() implements Standing {}

  /** Older than the absolute limit, however active. */
  record Over() implements Standing {}

  /** The absolute end of a session that begins at {@code start}. */
  Instant end(Instant start) {
    return start.plus(max);
  }

  Standing judge(Instant created, Instant lastSeen, Instant now) {
    if (!now.isBefore(end(created))) {
      return new Over();
    }
    if (!now.isBefore(lastSeen.plus(idle))) {
      return new Idle();
    }
    return new Live(now.plus(idle));
  }
}
