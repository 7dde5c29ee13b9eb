package io.posthorn.delivery.retry;

import io.posthorn.schema.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The delays between attempts, as data: by default 1m, 5m, 30m, 2h, 24h. A delivery gets {@code 1 +
 * steps().size()} attempts; after a failed attempt {@code n} (1-based) it waits {@code
 * steps().get(n - 1)} on the tier topic named for that delay ({@code posthorn.retry.5m}). Tests run
 * the same ladder scaled to milliseconds.
 */
public record RetryLadder(List<Duration> steps) {
  public static final RetryLadder DEFAULT =
      new RetryLadder(
          List.of(
              Duration.ofMinutes(1),
              Duration.ofMinutes(5),
              Duration.ofMinutes(30),
              Duration.ofHours(2),
              Duration.ofHours(24)));

  /**
   * @throws IllegalArgumentException naming the step that is not positive and increasing
   */
  public RetryLadder {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("must list at least one delay");
    }
    for (int i = 0; i < steps.size(); i++) {
      Duration d = steps.get(i);
      if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
        throw new IllegalArgumentException("[" + i + "] must be at least 1 ms, got " + d);
      }
      if (i > 0 && d.compareTo(steps.get(i - 1)) <= 0) {
        throw new IllegalArgumentException(
            "[" + i + "] must be longer than [" + (i - 1) + "], got " + d);
      }
    }
  }

  /** Parses {@code 1m,5m,30m,2h,24h} (units ms, s, m, h, d). */
  public static RetryLadder parse(String text) {
    return new RetryLadder(
        Arrays.stream(text.split(",")).map(String::strip).map(Durations::parse).toList());
  }

  public int tiers() {
    return steps.size();
  }

  public Duration delay(int tier) {
    return steps.get(tier);
  }

  /** The first tier whose delay is at least {@code wait}, or the last tier. */
  public int tierFor(Duration wait) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).compareTo(wait) >= 0) {
        return i;
      }
    }
    return steps.size() - 1;
  }

  /** The longest delay: the default cap on {@code Retry-After}. */
  public Duration longest() {
    return steps.get(steps.size() - 1);
  }

  /**
   * The tier topic: {@code prefix} followed by the delay's label ({@code 100ms}, {@code 30m},
   * {@code 24h}).
   */
  public String topic(String prefix, int tier) {
    return prefix + Durations.label(steps.get(tier));
  }

  public List<String> topics(String prefix) {
    return IntStream.range(0, steps.size()).mapToObj(i -> topic(prefix, i)).toList();
  }
}
