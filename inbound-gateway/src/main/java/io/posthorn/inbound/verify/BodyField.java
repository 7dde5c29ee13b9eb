package io.posthorn.inbound.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A top-level text field of a JSON body, for providers that put the delivery id there. */
final class BodyField {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BodyField() {}

  /** The field's text, or {@code null} when the body is not a JSON object or lacks it. */
  static String text(byte[] body, String field) {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode value = node == null ? null : node.get(field);
      return value != null && value.isTextual() ? value.asText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
