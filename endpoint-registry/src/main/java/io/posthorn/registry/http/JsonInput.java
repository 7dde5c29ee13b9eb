package io.posthorn.registry.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.posthorn.registry.InvalidInputException;
import io.posthorn.registry.RegistryJson;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON request body read field by field: each getter names the field when it is missing, of the
 * wrong type or out of range ({@link InvalidInputException}), and {@link #rejectUnknown()} refuses
 * fields no getter asked for, so a typo is an error instead of a silent default.
 *
 * <p>Parsing is strict ({@code docs/decisions/0023-strict-api-input.md}): a key given twice in one
 * object is refused naming it (instead of the last one winning), and so is, anywhere in the body, a
 * string or key with a NUL character or an unpaired surrogate, and a number too large for a double.
 */
public final class JsonInput {
  private static final ObjectReader REQUESTS = RegistryJson.strictReader();

  private final ObjectNode node;
  private final Set<String> asked = new HashSet<>();

  private JsonInput(ObjectNode node) {
    this.node = node;
  }

  static JsonInput parse(byte[] body) {
    JsonNode tree;
    try {
      tree = REQUESTS.readTree(body);
    } catch (JsonProcessingException e) {
      if (e.getProcessor() instanceof JsonParser p
          && e.getOriginalMessage().startsWith("Duplicate field")) {
        String field = path(p.getParsingContext());
        throw new InvalidInputException(
            field, field + " is given twice; each field may appear once");
      }
      var at = e.getLocation();
      throw new InvalidInputException(
          "body",
          "the body is not valid JSON: "
              + e.getOriginalMessage()
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new InvalidInputException("body", "the body cannot be read: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw new InvalidInputException("body", "the body must be a JSON object");
    }
    requireStorable(tree, "");
    return new JsonInput((ObjectNode) tree);
  }

  /** The dotted path of the parser's position: {@code headers.x-a}, {@code eventTypes[2]}. */
  private static String path(JsonStreamContext ctx) {
    StringBuilder out = new StringBuilder();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        out.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
      } else if (c.getCurrentName() != null) {
        out.insert(
            0, (c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName());
      }
    }
    return out.isEmpty() ? "body" : out.toString();
  }

  private static void requireStorable(JsonNode n, String path) {
    if (n.isTextual()) {
      StorableText.require(path, n.textValue());
    } else if (n.isFloatingPointNumber() && !Double.isFinite(n.doubleValue())) {
      throw new InvalidInputException(path, path + " is a number too large to store");
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        requireStorable(n.get(i), path + "[" + i + "]");
      }
    } else if (n.isObject()) {
      for (var e : n.properties()) {
        String field = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        StorableText.require(path.isEmpty() ? "body" : path, e.getKey());
        requireStorable(e.getValue(), field);
      }
    }
  }

  public boolean has(String field) {
    asked.add(field);
    return node.has(field);
  }

  /** Present and not null. */
  public boolean present(String field) {
    return has(field) && !node.get(field).isNull();
  }

  public String requiredText(String field, int maxLength) {
    return optionalText(field, maxLength)
        .orElseThrow(() -> new InvalidInputException(field, field + " is required"));
  }

  public Optional<String> optionalText(String field, int maxLength) {
    JsonNode n = get(field);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new InvalidInputException(field, field + " must be a string, got " + kind(n));
    }
    if (n.asText().length() > maxLength) {
      throw new InvalidInputException(
          field,
          field + " must be at most " + maxLength + " characters, got " + n.asText().length());
    }
    return Optional.of(n.asText());
  }

  /** An ISO-8601 instant within {@link InstantRange}. */
  public Optional<Instant> optionalInstant(String field) {
    return optionalText(field, 40).map(t -> InstantRange.parse(field, t));
  }

  public Optional<Integer> optionalInt(String field, int min, int max) {
    JsonNode n = get(field);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
      throw new InvalidInputException(
          field, field + " must be a whole number between " + min + " and " + max + ", got " + n);
    }
    return Optional.of(n.asInt());
  }

  public Optional<Boolean> optionalBoolean(String field) {
    JsonNode n = get(field);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isBoolean()) {
      throw new InvalidInputException(field, field + " must be true or false, got " + kind(n));
    }
    return Optional.of(n.asBoolean());
  }

  /** An array of strings, each at most {@code maxLength}, at most {@code maxItems} of them. */
  public Optional<List<String>> optionalStrings(String field, int maxItems, int maxLength) {
    JsonNode n = get(field);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isArray()) {
      throw new InvalidInputException(
          field, field + " must be an array of strings, got " + kind(n));
    }
    if (n.size() > maxItems) {
      throw new InvalidInputException(
          field, field + " may hold at most " + maxItems + " entries, got " + n.size());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode item = n.get(i);
      if (!item.isTextual() || item.asText().length() > maxLength) {
        throw new InvalidInputException(
            field + "[" + i + "]",
            field + "[" + i + "] must be a string of at most " + maxLength + " characters");
      }
      out.add(item.asText());
    }
    return Optional.of(out);
  }

  /** An object of string values. */
  public Optional<Map<String, String>> optionalStringMap(
      String field, int maxEntries, int maxLength) {
    JsonNode n = get(field);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw new InvalidInputException(
          field, field + " must be an object of strings, got " + kind(n));
    }
    if (n.size() > maxEntries) {
      throw new InvalidInputException(
          field, field + " may hold at most " + maxEntries + " entries, got " + n.size());
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : n.properties()) {
      if (!e.getValue().isTextual()
          || e.getValue().asText().length() > maxLength
          || e.getKey().length() > maxLength) {
        throw new InvalidInputException(
            field + "." + e.getKey(),
            field + "." + e.getKey() + " must be a string of at most " + maxLength + " characters");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return Optional.of(out);
  }

  /** Any JSON object, kept as a tree, at most {@code maxBytes} when serialised. */
  public Optional<ObjectNode> optionalObject(String field, int maxBytes) {
    JsonNode n = get(field);
    if (n == null) {
      return Optional.empty();
    }
    if (!n.isObject()) {
      throw new InvalidInputException(field, field + " must be a JSON object, got " + kind(n));
    }
    if (n.toString().length() > maxBytes) {
      throw new InvalidInputException(
          field, field + " must be at most " + maxBytes + " bytes of JSON");
    }
    return Optional.of((ObjectNode) n);
  }

  /** Refuses fields that no getter asked for. */
  public void rejectUnknown() {
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.isEmpty()) {
        throw new InvalidInputException("body", "a field with an empty name is not a known field");
      }
      if (!asked.contains(name)) {
        throw new InvalidInputException(name, name + " is not a known field");
      }
    }
  }

  private JsonNode get(String field) {
    asked.add(field);
    JsonNode n = node.get(field);
    return n == null || n.isNull() ? null : n;
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> n.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
