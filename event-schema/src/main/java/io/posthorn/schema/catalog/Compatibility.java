package io.posthorn.schema.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a new catalog may replace an old one without breaking subscribers ({@code posthorn
 * catalog check --against OLD NEW}). A version number is a major version: for every type and
 * version in both catalogs, the new schema must accept what a subscriber of the old one relies on
 * ({@link SchemaChange} lists the rules). A version or type present in the old catalog must still
 * be in the new one. A version number the old catalog lacks is a new major version, free to differ.
 * Pure and thread-safe.
 */
public final class Compatibility {
  private Compatibility() {}

  /** Every breaking change from {@code older} to {@code newer}; empty when it is compatible. */
  public static List<Incompatibility> check(EventCatalog older, EventCatalog newer) {
    List<Incompatibility> found = new ArrayList<>();
    for (CatalogType was : older.types()) {
      Optional<CatalogType> is = newer.find(was.type());
      if (is.isEmpty()) {
        found.add(
            new Incompatibility(was.type(), was.version(), "", "type removed from the catalog"));
        continue;
      }
      for (CatalogVersion version : was.versions()) {
        Optional<CatalogVersion> revised = is.get().find(version.version());
        if (revised.isEmpty()) {
          found.add(new Incompatibility(was.type(), version.version(), "", "version removed"));
          continue;
        }
        SchemaChange.compare(
            version.tree(),
            revised.get().tree(),
            (pointer, change) ->
                found.add(new Incompatibility(was.type(), version.version(), pointer, change)));
      }
    }
    return found;
  }
}
