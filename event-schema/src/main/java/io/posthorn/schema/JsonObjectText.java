package io.posthorn.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The text of one JSON object, kept as text so it reaches subscribers byte for byte as the database
 * rendered it, without a parse-and-reserialise round trip on the hot path.
 *
 * <p>Construction checks only that the text starts as a JSON object: text from a {@code jsonb}
 * column is well-formed by construction, so a full parse would be wasted work.
 */
public record JsonObjectText(String json) {
  public static final JsonObjectText EMPTY = new JsonObjectText("{}");

  public JsonObjectText {
    if (json == null || firstNonBlank(json) != '{') {
      throw new InvalidEventException(
          "expected a JSON object but got " + (json == null ? "null" : describe(json)));
    }
  }

  private static char firstNonBlank(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        return c;
      }
    }
    return 0;
  }

  private static String describe(String json) {
    JsonToken kind;
    try (JsonParser parser = EnvelopeCodec.JSON.createParser(json)) {
      kind = parser.nextToken();
    } catch (IOException e) {
      return "malformed JSON";
    }
    if (kind == null) {
      return "empty text";
    }
    return switch (kind) {
      case START_ARRAY -> "a JSON array";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      case VALUE_NULL -> "JSON null";
      default -> "malformed JSON";
    };
  }
}
