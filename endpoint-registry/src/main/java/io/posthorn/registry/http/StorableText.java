package io.posthorn.registry.http;

import io.posthorn.registry.InvalidInputException;

/**
 * Text the registry can store as the caller sent it. PostgreSQL's text and {@code jsonb} hold no
 * NUL character (the statement would fail), and an unpaired UTF-16 surrogate has no UTF-8 form (it
 * would be stored as {@code ?}); both are refused as 400 naming the field ({@code
 * docs/decisions/0023-strict-api-input.md}).
 */
final class StorableText {
  private StorableText() {}

  /** Refuses {@code text} naming {@code field} when it cannot be stored as sent. */
  static void require(String field, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        throw new InvalidInputException(
            field, field + " must not contain a NUL character (at position " + i + ")");
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new InvalidInputException(
            field,
            field
                + " must not contain an unpaired surrogate (U+"
                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)
                + " at position "
                + i
                + "); send valid UTF-16"
                + " escapes or UTF-8");
      }
    }
  }
}
