package io.posthorn.registry.endpoint;

import io.posthorn.registry.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An opaque page cursor: base64url of {@code <kind>:<position>}. A cursor that does not decode, or
 * belongs to another list, is refused naming {@code cursor}.
 */
public final class Cursor {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private Cursor() {}

  public static String encode(String kind, String position) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((kind + ":" + position).getBytes(StandardCharsets.UTF_8));
  }

  /** The position in an optional cursor of this kind. */
  public static Optional<String> decode(String kind, Optional<String> cursor) {
    if (cursor.isEmpty()) {
      return Optional.empty();
    }
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor.get()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad();
    }
    if (!text.startsWith(kind + ":") || text.length() == kind.length() + 1) {
      throw bad();
    }
    return Optional.of(text.substring(kind.length() + 1));
  }

  /** A numeric position. */
  public static Optional<Long> decodeLong(String kind, Optional<String> cursor) {
    return decode(kind, cursor)
        .map(
            p -> {
              try {
                return Long.parseLong(p);
              } catch (NumberFormatException e) {
                throw bad();
              }
            });
  }

  /** The {@code limit} query parameter: 1 to 100, default 20. */
  public static int limit(Optional<String> limit) {
    if (limit.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(limit.get());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new InvalidInputException(
        "limit",
        "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + limit.get() + "'");
  }

  private static InvalidInputException bad() {
    return new InvalidInputException(
        "cursor", "cursor is not a cursor this list handed out; start without one");
  }
}
