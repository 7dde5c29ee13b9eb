package io.posthorn.ops;

import io.posthorn.delivery.retry.Durations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line: {@code 250ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT10S}). */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return value.startsWith("P") || value.startsWith("p") ? Duration.parse(value) : Durations.parse(value);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a duration such as 250ms, 10s, 5m, 2h, 1d or PT10S");
    }
  }
}
