package io.posthorn.devstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that moves only when a test tells it to: time-based behaviour without sleeping. It
 * also offers a monotonic view ({@link #nanos()}, like {@link System#nanoTime()}) that moves with
 * {@link #advance} and never with {@link #set}, for code that times intervals on a ticker.
 */
public final class ManualClock extends Clock {
  private volatile Instant now;
  private volatile long nanos;

  public ManualClock(Instant start) {
    this.now = start;
  }

  /** Starts at 2026-01-15T10:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-15T10:00:00Z"));
  }

  /**
   * Moves both the wall clock and the monotonic view forward (never backward: {@code d} must not be
   * negative).
   */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(
          "a monotonic clock never goes back; use set() to step the wall clock");
    }
    now = now.plus(d);
    nanos += d.toNanos();
  }

  /** Steps the wall clock only (as NTP might, backwards too); {@link #nanos()} does not move. */
  public void set(Instant to) {
    now = to;
  }

  /** The monotonic view: nanoseconds since this clock was made, moved only by {@link #advance}. */
  public long nanos() {
    return nanos;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
