package io.posthorn.ops;

import io.posthorn.schema.catalog.EventCatalog;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which event catalog a command reads: {@code --catalog-dir}, else $POSTHORN_CATALOG_DIR. */
final class CatalogOptions {
  @Option(
      names = "--catalog-dir",
      paramLabel = "DIR",
      defaultValue = "${env:" + EventCatalog.DIR_VARIABLE + "}",
      description =
          "The event catalog directory, one <type>.json per type (default: $"
              + EventCatalog.DIR_VARIABLE
              + "; without either, only Posthorn's own posthorn.* types).")
  Path dir;

  /** The catalog; throws naming the file and the reason when it is invalid. */
  EventCatalog catalog() {
    return EventCatalog.of(directory());
  }

  Optional<Path> directory() {
    return Optional.ofNullable(dir);
  }
}
