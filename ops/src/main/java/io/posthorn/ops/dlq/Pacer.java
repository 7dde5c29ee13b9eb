package io.posthorn.ops.dlq;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Spaces permits evenly at {@code rate} per second, with no burst: the n-th permit is granted no
 * earlier than {@code (n - 1) / rate} seconds after the first. Waits in short slices so a stop
 * request is seen within 100 ms. Not thread-safe.
 */
final class Pacer {
  /** Sleeps for the given nanoseconds (interruptibly). */
  interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private static final long SLICE = 100_000_000L;

  private final long interval;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private long next = Long.MIN_VALUE;

  Pacer(double ratePerSecond, LongSupplier nanoTime, Sleeper sleeper) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("rate must be positive, got " + ratePerSecond);
    }
    this.interval = (long) (1_000_000_000L / ratePerSecond);
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static Pacer realTime(double ratePerSecond) {
    return new Pacer(
        ratePerSecond,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /**
   * Waits for the next permit; false when {@code stop} became true (or the thread was interrupted)
   * first.
   */
  boolean acquire(BooleanSupplier stop) {
    long now = nanoTime.getAsLong();
    if (next == Long.MIN_VALUE) {
      next = now;
    }
    while (now < next) {
      if (stop.getAsBoolean()) {
        return false;
      }
      try {
        sleeper.sleep(Math.min(SLICE, next - now));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      now = nanoTime.getAsLong();
    }
    next = Math.max(next, now) + interval;
    return !stop.getAsBoolean();
  }
}
