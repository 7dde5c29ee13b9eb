package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import java.util.ArrayList;
import java.util.List;

/**
 * One event type of the catalog: its name, what it means, its schema version and an example
 * payload, read from {@code io/posthorn/schema/catalog/<type>.json}. Thread-safe.
 */
public final class CatalogType {
  private final EventType type;
  private final String description;
  private final int version;
  private final JsonObjectText example;
  private final Schema schema;

  CatalogType(
      EventType type, String description, int version, JsonObjectText example, Schema schema) {
    this.type = type;
    this.description = description;
    this.version = version;
    this.example = example;
    this.schema = schema;
  }

  public EventType type() {
    return type;
  }

  /** The file's {@code description}: what happened when this event is emitted. */
  public String description() {
    return description;
  }

  /** The file's {@code version}, 1 and up; raised on every change to the schema. */
  public int version() {
    return version;
  }

  /** The file's first {@code examples} entry: a payload that conforms. */
  public JsonObjectText example() {
    return example;
  }

  /** Every violation of this type's schema by {@code payload}; empty when it conforms. */
  List<Violation> violations(JsonNode payload) {
    List<Violation> violations = new ArrayList<>();
    for (Error error : schema.validate(payload)) {
      String pointer = error.getInstanceLocation().toString();
      if (error.getProperty() != null) {
        pointer += "/" + error.getProperty().replace("~", "~0").replace("/", "~1");
      }
      violations.add(new Violation(pointer, error.getKeyword(), error.getMessage()));
    }
    return violations;
  }

  @Override
  public String toString() {
    return type + " v" + version;
  }
}
