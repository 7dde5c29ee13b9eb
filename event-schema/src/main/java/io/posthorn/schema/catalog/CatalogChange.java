package io.posthorn.schema.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What changed between two loads of a catalog, for the log line of a reload: types added and
 * removed, and per type the versions added, removed or revised in place (the schema, example or the
 * type's description or deprecation differ). Each list holds {@code type} or {@code type vN},
 * sorted.
 */
public record CatalogChange(
    List<String> addedTypes,
    List<String> removedTypes,
    List<String> addedVersions,
    List<String> removedVersions,
    List<String> revised) {

  public CatalogChange {
    addedTypes = List.copyOf(addedTypes);
    removedTypes = List.copyOf(removedTypes);
    addedVersions = List.copyOf(addedVersions);
    removedVersions = List.copyOf(removedVersions);
    revised = List.copyOf(revised);
  }

  /** Compares {@code before} with {@code after}, type by type and version by version. */
  public static CatalogChange between(EventCatalog before, EventCatalog after) {
    List<String> addedTypes = new ArrayList<>();
    List<String> removedTypes = new ArrayList<>();
    List<String> addedVersions = new ArrayList<>();
    List<String> removedVersions = new ArrayList<>();
    List<String> revised = new ArrayList<>();
    for (CatalogType old : before.types()) {
      if (after.find(old.type()).isEmpty()) {
        removedTypes.add(old.type().name());
      }
    }
    for (CatalogType now : after.types()) {
      Optional<CatalogType> old = before.find(now.type());
      if (old.isEmpty()) {
        addedTypes.add(now.type().name());
        continue;
      }
      if (!old.get().description().equals(now.description())
          || old.get().deprecated() != now.deprecated()) {
        revised.add(now.type().name());
      }
      for (CatalogVersion v : old.get().versions()) {
        if (now.find(v.version()).isEmpty()) {
          removedVersions.add(now.type() + " " + v);
        }
      }
      for (CatalogVersion v : now.versions()) {
        Optional<CatalogVersion> was = old.get().find(v.version());
        if (was.isEmpty()) {
          addedVersions.add(now.type() + " " + v);
        } else if (!was.get().tree().equals(v.tree())) {
          revised.add(now.type() + " " + v);
        }
      }
    }
    return new CatalogChange(addedTypes, removedTypes, addedVersions, removedVersions, revised);
  }

  /** Nothing differs. */
  public boolean isEmpty() {
    return addedTypes.isEmpty()
        && removedTypes.isEmpty()
        && addedVersions.isEmpty()
        && removedVersions.isEmpty()
        && revised.isEmpty();
  }

  /** e.g. {@code types added [invoice.paid]; versions added [order.completed v2]}. */
  @Override
  public String toString() {
    if (isEmpty()) {
      return "no change";
    }
    List<String> parts = new ArrayList<>();
    part(parts, "types added", addedTypes);
    part(parts, "types removed", removedTypes);
    part(parts, "versions added", addedVersions);
    part(parts, "versions removed", removedVersions);
    part(parts, "revised in place", revised);
    return String.join("; ", parts);
  }

  private static void part(List<String> parts, String what, List<String> items) {
    if (!items.isEmpty()) {
      parts.add(what + " " + items);
    }
  }
}
