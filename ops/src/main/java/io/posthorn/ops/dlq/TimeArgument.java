package io.posthorn.ops.dlq;

import io.posthorn.ops.DurationConverter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time on the command line: an ISO-8601 instant or offset date-time, a date (midnight
 * UTC), or an age counted back from now ({@code 2h}, {@code 30m}, {@code 1d}).
 */
final class TimeArgument {
  private TimeArgument() {}

  /**
   * @throws IllegalArgumentException saying which forms are accepted
   */
  static Instant parse(String option, String text, Clock clock) {
    String t = text.strip();
    try {
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (t.matches("\\d{4}-.*")) {
        return OffsetDateTime.parse(t).toInstant();
      }
      return clock.instant().minus(new DurationConverter().convert(t));
    } catch (DateTimeParseException | TypeConversionException e) {
      throw new IllegalArgumentException(
          option
              + " '"
              + text
              + "' is not a time: give an ISO-8601 instant"
              + " (2026-01-15T10:00:00Z), a date (2026-01-15, midnight UTC) or an age (30m, 2h, 1d)");
    }
  }
}
