package io.posthorn.schema.catalog;

import io.posthorn.schema.EventType;
import java.util.List;

/** How a payload stands against the catalog: the outcome of {@link EventCatalog#check}. */
public sealed interface Conformance {

  /** The type is in the catalog and the payload satisfies the schema of {@code version}. */
  record Conforms(CatalogType type, CatalogVersion version) implements Conformance {}

  /** The type is not in the catalog; nothing was checked. */
  record Unregistered(EventType type) implements Conformance {}

  /**
   * The type is in the catalog but has no such version: the writer knew a newer catalog than this
   * process, or the row names a version that never existed.
   */
  record UnknownVersion(CatalogType type, int version) implements Conformance {}

  /** The type is in the catalog and the payload breaks the schema of {@code version}. */
  record Violates(CatalogType type, CatalogVersion version, List<Violation> violations)
      implements Conformance {
    public Violates {
      violations = List.copyOf(violations);
    }
  }
}
