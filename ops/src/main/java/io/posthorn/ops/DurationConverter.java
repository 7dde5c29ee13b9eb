package io.posthorn.ops;

import io.posthorn.schema.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line, as {@link Durations} reads them: {@code 250ms}, {@code 10s},
 * {@code 2h}, {@code 1d}, {@code PT10S}.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration such as 250ms, 10s, 5m, 2h, 1d or PT10S");
    }
  }
}
