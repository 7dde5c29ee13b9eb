package io.posthorn.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether an engine has stalled: it has delivered nothing from the WAL for longer than the
 * timeout. Heartbeats are WAL messages, so a healthy engine on an idle outbox still delivers one
 * every heartbeat interval; Debezium's own heartbeat records do not count, because the engine makes
 * them up even when its replication stream is dead.
 *
 * <p>Until the engine starts streaming it gets {@link #STARTUP_ALLOWANCE} on top of the timeout
 * (the connector may wait for a departing walsender to free the slot). {@link #walActivity()} is
 * called on the engine thread, {@link #stalledFor()} on the supervisor's; both read the clock.
 */
final class Watchdog {
  static final Duration STARTUP_ALLOWANCE = Duration.ofSeconds(60);

  private final Clock clock;
  private final Duration timeout;
  private volatile Instant lastActivity;

  /** Starts counting now, so an engine that never starts streaming counts as stalled too. */
  Watchdog(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = timeout;
    this.lastActivity = clock.instant().plus(STARTUP_ALLOWANCE);
  }

  /** The engine connected: from now on, silence longer than the timeout is a stall. */
  void streamingStarted() {
    lastActivity = clock.instant();
  }

  /** The engine delivered a record that came through the replication stream. */
  void walActivity() {
    lastActivity = clock.instant();
  }

  /**
   * The handler holds a row on purpose (it waits for the event catalog): not a stall, and a restart
   * would only read the same row again.
   */
  void holding() {
    lastActivity = clock.instant();
  }

  /** How long the engine has been silent, if that is longer than the timeout. */
  Optional<Duration> stalledFor() {
    Duration silence =
        Duration.between(lastActivity, clock.instant()); // negative during the allowance
    return silence.compareTo(timeout) > 0 ? Optional.of(silence) : Optional.empty();
  }
}
