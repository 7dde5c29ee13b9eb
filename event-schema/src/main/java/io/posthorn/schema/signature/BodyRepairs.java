package io.posthorn.schema.signature;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Common ways a body changes between the wire and a verifier, undone: what frameworks, proxies and
 * copy-paste do to a request. Each candidate is the body as Posthorn would have sent it, if that
 * change was the only one.
 */
final class BodyRepairs {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final List<String> ENVELOPE_FIELDS =
      List.of(
          "id", "eventType", "aggregateType", "aggregateId", "payload", "occurredAt", "metadata");
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** PostgreSQL's jsonb order: shorter keys first, then by bytes. */
  private static final Comparator<String> JSONB_KEYS =
      Comparator.<String>comparingInt(k -> utf8(k).length)
          .thenComparing(k -> utf8(k), Arrays::compareUnsigned);

  private BodyRepairs() {}

  /** Description of the change → the body with that change undone; only candidates that differ. */
  static Map<String, byte[]> candidates(byte[] body) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    add(out, body, "trailing whitespace or a newline was added", utf8(text.stripTrailing()));
    add(out, body, "line endings were changed to CRLF", utf8(text.replace("\r\n", "\n")));
    if (startsWithBom(body)) {
      add(
          out,
          body,
          "a byte-order mark was added",
          Arrays.copyOfRange(body, BOM.length, body.length));
    }
    reserialized(body)
        .ifPresent(
            original ->
                add(
                    out,
                    body,
                    "the JSON was parsed and serialized again (whitespace, key order or escaping differ)",
                    original));
    return out;
  }

  /** The envelope's {@code id} when the body is a JSON object with a string id. */
  static Optional<String> envelopeId(byte[] body) {
    return tree(body).map(n -> n.path("id")).filter(JsonNode::isTextual).map(JsonNode::asText);
  }

  private static void add(Map<String, byte[]> out, byte[] body, String how, byte[] candidate) {
    if (!Arrays.equals(body, candidate)) {
      out.put(how, candidate);
    }
  }

  /**
   * The envelope as {@code EnvelopeCodec} writes it: its own tokens compact, payload and metadata
   * as jsonb renders them.
   */
  private static Optional<byte[]> reserialized(byte[] body) {
    Optional<JsonNode> tree =
        tree(startsWithBom(body) ? Arrays.copyOfRange(body, 3, body.length) : body);
    if (tree.isEmpty() || !tree.get().isObject() || tree.get().size() != ENVELOPE_FIELDS.size()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder("{");
    for (String field : ENVELOPE_FIELDS) {
      JsonNode value = tree.get().get(field);
      if (value == null) {
        return Optional.empty();
      }
      out.append(out.length() > 1 ? "," : "").append(quote(field)).append(':');
      if (value.isObject()) {
        jsonb(value, out);
      } else {
        out.append(value.isTextual() ? quote(value.asText()) : value.toString());
      }
    }
    return Optional.of(utf8(out.append('}').toString()));
  }

  private static void jsonb(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.sort(JSONB_KEYS);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        out.append(i > 0 ? ", " : "").append(quote(keys.get(i))).append(": ");
        jsonb(node.get(keys.get(i)), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i > 0 ? ", " : "");
        jsonb(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      out.append(quote(node.asText()));
    } else if (node.isNumber()) {
      out.append(node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText());
    } else {
      out.append(node.asText());
    }
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return out.append('"').toString();
  }

  private static Optional<JsonNode> tree(byte[] body) {
    try {
      return Optional.ofNullable(JSON.readTree(body));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean startsWithBom(byte[] body) {
    return body.length >= 3 && Arrays.equals(body, 0, 3, BOM, 0, 3);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
