package io.posthorn.registry.http;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows down guessing API keys: a token bucket per client address that each failed authentication
 * empties by one. An address with {@code burst} failures in a row is refused (429 with {@code
 * Retry-After}) until its bucket refills by one token every {@code refillEvery}; a request with a
 * valid key costs nothing. At most {@code maxAddresses} buckets are kept (the least recently used
 * go first), so a flood of addresses cannot grow the map. Thread-safe.
 */
public final class AuthThrottle {
  private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);

  /** 10 failures in a row, then one more try per second. */
  public static final int DEFAULT_BURST = 10;

  public static final Duration DEFAULT_REFILL = Duration.ofSeconds(1);
  public static final int DEFAULT_MAX_ADDRESSES = 10_000;

  private final int burst;
  private final long refillMillis;
  private final Clock clock;
  private final Map<String, Bucket> buckets;
  private final AtomicLong failures = new AtomicLong();

  public AuthThrottle(int burst, Duration refillEvery, int maxAddresses, Clock clock) {
    if (burst < 1 || refillEvery.toMillis() < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("burst, refill and max addresses must be positive");
    }
    this.burst = burst;
    this.refillMillis = refillEvery.toMillis();
    this.clock = clock;
    this.buckets =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > maxAddresses;
          }
        };
  }

  public static AuthThrottle standard(Clock clock) {
    return new AuthThrottle(DEFAULT_BURST, DEFAULT_REFILL, DEFAULT_MAX_ADDRESSES, clock);
  }

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /** 0 when {@code address} may try a key now, else the seconds until it may (for Retry-After). */
  public synchronized long retryAfterSeconds(String address) {
    Bucket b = buckets.get(address);
    if (b == null) {
      return 0;
    }
    refill(b);
    if (b.tokens >= 1) {
      return 0;
    }
    long waitMillis = (long) Math.ceil((1 - b.tokens) * refillMillis);
    return Math.max(1, (waitMillis + 999) / 1000);
  }

  /** Counts a failed authentication from {@code address}. */
  public void failed(String address) {
    long total = failures.incrementAndGet();
    boolean nowThrottled;
    synchronized (this) {
      Bucket b = buckets.computeIfAbsent(address, a -> new Bucket(burst, clock.millis()));
      refill(b);
      b.tokens = Math.max(0, b.tokens - 1);
      nowThrottled = b.tokens < 1;
    }
    if (nowThrottled) {
      log.warn(
          "failed authentication from {}: too many in a row, refusing it with 429 for now ({} failed in all)",
          address,
          total);
    } else {
      log.info("failed authentication from {} ({} failed in all)", address, total);
    }
  }

  /** Failed authentications since start. */
  public long failures() {
    return failures.get();
  }

  private void refill(Bucket b) {
    long now = clock.millis();
    if (now > b.at) {
      b.tokens = Math.min(burst, b.tokens + (double) (now - b.at) / refillMillis);
      b.at = now;
    }
  }
}
