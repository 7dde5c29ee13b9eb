package io.posthorn.inbound;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code perSecond} tokens a second, up to {@code perSecond} stored (a second's
 * burst). Thread-safe; time from an injected nano clock.
 */
final class RateLimiter {
  private static final long SECOND = 1_000_000_000L;

  private final int perSecond;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  RateLimiter(int perSecond, LongSupplier nanoTime) {
    this.perSecond = perSecond;
    this.nanoTime = nanoTime;
    this.tokens = perSecond;
    this.last = nanoTime.getAsLong();
  }

  int perSecond() {
    return perSecond;
  }

  /** 0 when a token was taken, else the whole seconds until one is there (at least 1). */
  synchronized long take() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(perSecond, tokens + (double) (now - last) * perSecond / SECOND);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    double nanosToToken = (1 - tokens) * SECOND / perSecond;
    return Math.max(1, (long) Math.ceil(nanosToToken / SECOND));
  }
}
