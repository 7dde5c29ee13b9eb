package io.posthorn.schema.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a catalog directory's files look like from the outside: each {@code <type>.json}'s name,
 * size and modification time (links followed, as ConfigMaps use them). Cheap to take (a listing and
 * a stat per file, no file read), so a process can ask "has the directory changed since I loaded
 * it?" before paying for a reload. Taken <em>before</em> a load reads the files: a change written
 * during the load makes the next stamp differ.
 */
record DirectoryStamp(Map<String, String> files) {
  /** A stamp that equals none taken from a directory: the next check reloads. */
  static final DirectoryStamp NONE = new DirectoryStamp(Map.of("", ""));

  static DirectoryStamp of(Path dir) {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path file : entries.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(CatalogFiles.SUFFIX)) {
          BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
          files.put(name, a.size() + "@" + a.lastModifiedTime().toInstant());
        }
      }
    } catch (IOException | RuntimeException e) {
      return NONE; // unreadable now: let the reload say why
    }
    return new DirectoryStamp(Map.copyOf(files));
  }
}
