package io.posthorn.schema.catalog;

import io.posthorn.schema.EventType;
import java.util.List;

/** How a payload stands against the catalog: the outcome of {@link EventCatalog#check}. */
public sealed interface Conformance {

  /** The type is in the catalog and the payload satisfies its schema. */
  record Conforms(CatalogType type) implements Conformance {}

  /** The type is not in the catalog; nothing was checked. */
  record Unregistered(EventType type) implements Conformance {}

  /** The type is in the catalog and the payload breaks its schema, in at least one place. */
  record Violates(CatalogType type, List<Violation> violations) implements Conformance {
    public Violates {
      violations = List.copyOf(violations);
    }
  }
}
