package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.posthorn.schema.JsonObjectText;
import java.util.ArrayList;
import java.util.List;

/**
 * One schema version of a catalog type: the version number the writer stamps into the row and the
 * envelope ({@code schemaVersion}), the JSON Schema payloads of that version must fit, and an
 * example. A version number is a major version: a change that could break a subscriber gets a new
 * number; compatible changes revise a version in place ({@link Compatibility}). Thread-safe.
 */
public final class CatalogVersion {
  private final int version;
  private final JsonObjectText example;
  private final Schema schema;
  private final JsonNode tree;

  CatalogVersion(int version, JsonObjectText example, Schema schema, JsonNode tree) {
    this.version = version;
    this.example = example;
    this.schema = schema;
    this.tree = tree;
  }

  /** 1 and up. */
  public int version() {
    return version;
  }

  /** The first of this version's {@code examples}: a payload that conforms. */
  public JsonObjectText example() {
    return example;
  }

  /**
   * This version's JSON Schema as written in the file (a copy: the caller may change it), e.g. for
   * the registry's {@code GET /v1/event-types}.
   */
  public JsonNode schema() {
    return tree.deepCopy();
  }

  /** This version's JSON Schema as written in the file. */
  JsonNode tree() {
    return tree;
  }

  /** Every violation of this version's schema by {@code payload}; empty when it conforms. */
  List<Violation> violations(JsonNode payload) {
    List<Violation> violations = new ArrayList<>();
    for (Error error : schema.validate(payload)) {
      String pointer = error.getInstanceLocation().toString();
      if (error.getProperty() != null) {
        pointer += "/" + Pointers.escape(error.getProperty());
      }
      violations.add(new Violation(pointer, error.getKeyword(), error.getMessage()));
    }
    return violations;
  }

  @Override
  public String toString() {
    return "v" + version;
  }
}
