package io.posthorn.registry.http;

import io.posthorn.registry.InvalidInputException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Instants the API accepts, in query parameters, bodies and cursors: ISO-8601 from {@value
 * #MIN_TEXT} to {@value #MAX_TEXT}. Java reads years up to ±999,999,999, which the database cannot
 * hold; anything outside the range is refused as 400 naming the field.
 */
public final class InstantRange {
  static final String MIN_TEXT = "1970-01-01T00:00:00Z";
  static final String MAX_TEXT = "9999-12-31T23:59:59.999999Z";
  public static final Instant MIN = Instant.parse(MIN_TEXT);
  public static final Instant MAX = Instant.parse(MAX_TEXT);

  private InstantRange() {}

  /** {@code text} as an instant, or a 400 naming {@code field}. */
  public static Instant parse(String field, String text) {
    Instant t;
    try {
      t = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field,
          field + " must be an ISO-8601 instant such as 2026-01-15T10:30:00Z, got '" + text + "'");
    }
    if (t.isBefore(MIN) || t.isAfter(MAX)) {
      throw new InvalidInputException(
          field,
          field + " must be between " + MIN_TEXT + " and " + MAX_TEXT + ", got '" + text + "'");
    }
    return t;
  }
}
