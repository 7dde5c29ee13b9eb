package io.posthorn.schema;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration text as every component's config and the tier topic names use it: {@code 250ms}, {@code
 * 3s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT10S}). One parser, so a value
 * means the same in every config file.
 */
public final class Durations {
  private static final Pattern TEXT = Pattern.compile("^(\\d{1,9})(ms|s|m|h|d)$");

  private Durations() {}

  /**
   * @throws IllegalArgumentException saying what the accepted forms are
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = TEXT.matcher(t);
    if (!m.matches()) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not a duration such as 250ms, 3s, 5m, 2h, 1d or PT10S");
      }
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The shortest exact label: 24 h stays {@code 24h} (the ladder names tiers that way). */
  public static String label(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
