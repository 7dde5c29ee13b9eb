package io.posthorn.delivery.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code Retry-After}: delay-seconds or an IMF-fixdate HTTP-date (RFC 9110 §10.2.3). The
 * obsolete RFC 850 and asctime date forms are not read: such a header is ignored.
 */
final class RetryAfter {
  private RetryAfter() {}

  /** The delay asked for, or {@code null} when absent or unreadable (never negative). */
  static Duration parse(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Duration.ofSeconds(Long.parseLong(v));
      } catch (NumberFormatException tooLarge) {
        return null;
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }
}
