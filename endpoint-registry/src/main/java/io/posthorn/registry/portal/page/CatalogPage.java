package io.posthorn.registry.portal.page;

import java.util.List;

/** The event catalog: every type, or one type with each version's schema and example. */
public record CatalogPage(List<EventTypeEntry> types) {

  /** A type; {@code versions} empty in the list. */
  public record EventTypeEntry(
      String name, String description, boolean deprecated, List<Version> versions) {}

  /** One version's schema and example, pretty-printed JSON. */
  public record Version(int version, String schema, String example) {}
}
