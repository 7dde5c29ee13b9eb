package io.posthorn.schema.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.posthorn.schema.EventType;
import io.posthorn.schema.JsonObjectText;
import java.util.List;
import java.util.Optional;

/**
 * One event type of the catalog: its name, what it means, whether it is deprecated, and its schema
 * versions (at least one, ascending), read from one {@code <type>.json} file. Thread-safe.
 */
public final class CatalogType {
  private final EventType type;
  private final String description;
  private final boolean deprecated;
  private final List<CatalogVersion> versions;

  CatalogType(
      EventType type, String description, boolean deprecated, List<CatalogVersion> versions) {
    this.type = type;
    this.description = description;
    this.deprecated = deprecated;
    this.versions = List.copyOf(versions);
  }

  public EventType type() {
    return type;
  }

  /** The file's {@code description}: what happened when this event is emitted. */
  public String description() {
    return description;
  }

  /**
   * The file's {@code deprecated} flag: the type may still be emitted, but the writer logs a
   * warning and counts it ({@link io.posthorn.schema.OutboxListener#deprecatedTypeEmitted}).
   */
  public boolean deprecated() {
    return deprecated;
  }

  /** Every schema version, ascending; never empty. */
  public List<CatalogVersion> versions() {
    return versions;
  }

  /** The highest version: what the writer validates against and stamps unless told otherwise. */
  public CatalogVersion latest() {
    return versions.get(versions.size() - 1);
  }

  /** The latest version's number. */
  public int version() {
    return latest().version();
  }

  /** The latest version's example. */
  public JsonObjectText example() {
    return latest().example();
  }

  public Optional<CatalogVersion> find(int version) {
    return versions.stream().filter(v -> v.version() == version).findFirst();
  }

  /** Every violation of the latest version's schema by {@code payload}. */
  List<Violation> violations(JsonNode payload) {
    return latest().violations(payload);
  }

  @Override
  public String toString() {
    return type + " v" + version();
  }
}
