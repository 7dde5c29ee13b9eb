package io.posthorn.schema.catalog;

/** What one reload of a {@link LiveCatalog} did. */
public sealed interface CatalogReload {
  /** The directory loads to the same catalog; the current one stays. */
  record Unchanged() implements CatalogReload {}

  /** The new catalog is in force; {@code change} says what differs. */
  record Changed(CatalogChange change) implements CatalogReload {}

  /** The directory is invalid now; the previous catalog stays in force. */
  record Refused(InvalidCatalogException reason) implements CatalogReload {}
}
