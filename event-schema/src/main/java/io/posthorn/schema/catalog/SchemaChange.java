package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Compares an old and a new JSON Schema of one payload and reports each change that could break a
 * subscriber who relies on the old one: a property removed or made required, a type narrowed, an
 * enum value removed (or an enum introduced), {@code additionalProperties} closed, a bound
 * tightened ({@code minimum}, {@code maxLength}…) or a {@code pattern}/{@code format}/{@code const}
 * changed. Adding an optional property, widening a type, adding an enum value and loosening a bound
 * pass. Walks {@code properties} and {@code items}; a construct it does not understand ({@code
 * $ref}, {@code oneOf}…) changed at all is reported, never silently passed.
 */
final class SchemaChange {
  private static final List<String> LOWER_BOUNDS =
      List.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");
  private static final List<String> UPPER_BOUNDS =
      List.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");
  private static final List<String> EXACT =
      List.of(
          "pattern",
          "format",
          "const",
          "$ref",
          "$defs",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "patternProperties",
          "propertyNames",
          "dependentRequired",
          "dependentSchemas",
          "prefixItems",
          "contains",
          "uniqueItems",
          "multipleOf");

  private final BiConsumer<String, String> report;

  private SchemaChange(BiConsumer<String, String> report) {
    this.report = report;
  }

  /** Every breaking change from {@code older} to {@code newer}, as (pointer, change) pairs. */
  static void compare(JsonNode older, JsonNode newer, BiConsumer<String, String> report) {
    new SchemaChange(report).schema("", older, newer);
  }

  private void schema(String at, JsonNode older, JsonNode newer) {
    if (older.isBoolean() || newer.isBoolean()) {
      if (!older.equals(newer) && !(newer.isBoolean() && newer.asBoolean())) {
        report.accept(at, "schema narrowed from " + older + " to " + newer);
      }
      return;
    }
    types(at, older, newer);
    required(at, older, newer);
    properties(at, older, newer);
    additionalProperties(at, older, newer);
    enumValues(at, older, newer);
    bounds(at, older, newer);
    for (String keyword : EXACT) {
      if (!older.path(keyword).equals(newer.path(keyword))) {
        report.accept(
            Pointers.child(at, keyword),
            "\""
                + keyword
                + "\" changed from "
                + text(older, keyword)
                + " to "
                + text(newer, keyword));
      }
    }
    if (older.has("items") || newer.has("items")) {
      schema(Pointers.child(at, "items"), orTrue(older.get("items")), orTrue(newer.get("items")));
    }
  }

  private void types(String at, JsonNode older, JsonNode newer) {
    Set<String> was = typeSet(older);
    Set<String> is = typeSet(newer);
    if (is.isEmpty()) {
      return; // any type now: widened or unchanged
    }
    List<String> lost = new ArrayList<>();
    if (was.isEmpty()) {
      lost.add("any");
    }
    for (String t : was) {
      boolean kept = is.contains(t) || (t.equals("integer") && is.contains("number"));
      if (!kept) {
        lost.add(t);
      }
    }
    if (!lost.isEmpty()) {
      report.accept(
          Pointers.child(at, "type"), "type narrowed from " + describe(was) + " to " + is);
    }
  }

  private void required(String at, JsonNode older, JsonNode newer) {
    Set<String> was = strings(older.path("required"));
    for (String name : strings(newer.path("required"))) {
      if (!was.contains(name)) {
        report.accept(
            Pointers.child(Pointers.child(at, "properties"), name), "property made required");
      }
    }
  }

  private void properties(String at, JsonNode older, JsonNode newer) {
    JsonNode was = older.path("properties");
    JsonNode is = newer.path("properties");
    for (Iterator<String> names = was.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String where = Pointers.child(Pointers.child(at, "properties"), name);
      if (!is.has(name)) {
        report.accept(where, "property removed");
      } else {
        schema(where, was.get(name), is.get(name));
      }
    }
  }

  private void additionalProperties(String at, JsonNode older, JsonNode newer) {
    JsonNode was = orTrue(older.get("additionalProperties"));
    JsonNode is = orTrue(newer.get("additionalProperties"));
    if (was.equals(is)) {
      return;
    }
    if (is.isBoolean() && is.asBoolean()) {
      return; // opened
    }
    if (is.isBoolean()) {
      report.accept(Pointers.child(at, "additionalProperties"), "additionalProperties closed");
    } else {
      schema(Pointers.child(at, "additionalProperties"), was, is);
    }
  }

  private void enumValues(String at, JsonNode older, JsonNode newer) {
    JsonNode is = newer.get("enum");
    if (is == null) {
      return;
    }
    JsonNode was = older.get("enum");
    String where = Pointers.child(at, "enum");
    if (was == null) {
      report.accept(where, "enum introduced: only " + is + " allowed now");
      return;
    }
    for (JsonNode value : was) {
      if (!contains(is, value)) {
        report.accept(where, "enum value " + value + " removed");
      }
    }
  }

  private void bounds(String at, JsonNode older, JsonNode newer) {
    for (String keyword : LOWER_BOUNDS) {
      JsonNode is = newer.get(keyword);
      JsonNode was = older.get(keyword);
      if (is != null && (was == null || is.decimalValue().compareTo(was.decimalValue()) > 0)) {
        report.accept(
            Pointers.child(at, keyword),
            "\"" + keyword + "\" raised from " + text(older, keyword) + " to " + is);
      }
    }
    for (String keyword : UPPER_BOUNDS) {
      JsonNode is = newer.get(keyword);
      JsonNode was = older.get(keyword);
      if (is != null && (was == null || is.decimalValue().compareTo(was.decimalValue()) < 0)) {
        report.accept(
            Pointers.child(at, keyword),
            "\"" + keyword + "\" lowered from " + text(older, keyword) + " to " + is);
      }
    }
  }

  private static boolean contains(JsonNode array, JsonNode value) {
    for (JsonNode v : array) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> typeSet(JsonNode schema) {
    JsonNode type = schema.get("type");
    Set<String> types = new LinkedHashSet<>();
    if (type == null) {
      return types;
    }
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else {
      types.add(type.asText());
    }
    return types;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static String describe(Set<String> types) {
    return types.isEmpty() ? "any" : types.toString();
  }

  private static String text(JsonNode schema, String keyword) {
    JsonNode v = schema.get(keyword);
    return v == null ? "(absent)" : v.toString();
  }

  private static JsonNode orTrue(JsonNode node) {
    return node == null ? com.fasterxml.jackson.databind.node.BooleanNode.TRUE : node;
  }
}
