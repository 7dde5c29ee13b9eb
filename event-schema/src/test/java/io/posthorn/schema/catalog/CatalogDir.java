package io.posthorn.schema.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes catalog files into a test's directory. */
final class CatalogDir {
  private final Path dir;

  CatalogDir(Path dir) {
    this.dir = dir;
  }

  Path path() {
    return dir;
  }

  /** A one-version file: {@code schema} is the text after {@code "type": "object",}. */
  CatalogDir type(String name, int version, String schema, String example) {
    return file(name + ".json", version(name, version, schema, example));
  }

  /** A file with several versions, each made by {@link #version}. */
  CatalogDir versions(String name, String extra, String... versions) {
    return file(
        name + ".json",
        "{\"title\": \""
            + name
            + "\", \"description\": \"Something happened.\", "
            + extra
            + "\"versions\": ["
            + String.join(", ", versions)
            + "]}");
  }

  static String version(String name, int version, String schema, String example) {
    return "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\", \"title\": \""
        + name
        + "\", \"description\": \"Something happened.\", \"version\": "
        + version
        + ", \"type\": \"object\", "
        + schema
        + (schema.isBlank() ? "" : ", ")
        + "\"examples\": ["
        + example
        + "]}";
  }

  CatalogDir file(String name, String text) {
    try {
      Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
