package io.posthorn.schema.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the catalog files: Posthorn's own types, every {@code
 * io/posthorn/schema/catalog/<type>.json} on the class path (directories and jars alike), and a
 * product's types, every {@code <type>.json} in the catalog directory.
 */
final class CatalogFiles {
  static final String FOLDER = "io/posthorn/schema/catalog/";
  static final String SUFFIX = ".json";

  private CatalogFiles() {}

  /** Type name (file name without {@code .json}) to file, sorted by name. */
  static Map<String, URL> find(ClassLoader loader) {
    Map<String, URL> files = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(FOLDER);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        switch (root.getProtocol()) {
          case "file" -> fromDirectory(Path.of(uri(root)), files);
          case "jar" -> fromJar((JarURLConnection) root.openConnection(), files);
          default ->
              throw new IllegalStateException(
                  "cannot list event catalog files in "
                      + root
                      + " (only directories and jars are supported)");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "listing the event catalog (" + FOLDER + ") on the class path", e);
    }
    return files;
  }

  /**
   * Type name to file for every {@code <type>.json} directly in {@code dir}, sorted by name; other
   * files (a README) are ignored.
   *
   * @throws InvalidCatalogException if {@code dir} is not a readable directory
   */
  static Map<String, URL> inDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidCatalogException(
          dir.toString(), "is not a directory (catalog.dir / POSTHORN_CATALOG_DIR)", null);
    }
    Map<String, URL> files = new TreeMap<>();
    try {
      fromDirectory(dir, files);
    } catch (IOException e) {
      throw new InvalidCatalogException(dir.toString(), "cannot be listed: " + e.getMessage(), e);
    }
    return files;
  }

  private static void fromDirectory(Path folder, Map<String, URL> files) throws IOException {
    try (Stream<Path> entries = Files.list(folder)) {
      for (Path file : entries.filter(CatalogFiles::isCatalogFile).sorted().toList()) {
        add(files, file.getFileName().toString(), file.toUri().toURL());
      }
    }
  }

  private static boolean isCatalogFile(Path file) {
    return Files.isRegularFile(file) && file.getFileName().toString().endsWith(SUFFIX);
  }

  private static void fromJar(JarURLConnection connection, Map<String, URL> files)
      throws IOException {
    connection.setUseCaches(false);
    try (JarFile jar = connection.getJarFile()) {
      for (JarEntry entry : jar.stream().toList()) {
        String name = entry.getName();
        if (name.startsWith(FOLDER)
            && name.endsWith(SUFFIX)
            && name.indexOf('/', FOLDER.length()) < 0) {
          URL url = URI.create("jar:" + connection.getJarFileURL() + "!/" + name).toURL();
          add(files, name.substring(FOLDER.length()), url);
        }
      }
    }
  }

  private static void add(Map<String, URL> files, String fileName, URL url) {
    String type = fileName.substring(0, fileName.length() - SUFFIX.length());
    URL other = files.putIfAbsent(type, url);
    if (other != null && !other.equals(url)) {
      throw new IllegalStateException(
          "event type " + type + " is defined twice in the catalog: " + other + " and " + url);
    }
  }

  /** A file's path as an operator types it; other locations (a jar entry) as their URL. */
  static String display(URL url) {
    if (!url.getProtocol().equals("file")) {
      return url.toString();
    }
    try {
      return Path.of(url.toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return url.toString();
    }
  }

  private static URI uri(URL url) {
    try {
      return url.toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("catalog folder " + url + " is not a valid URI", e);
    }
  }
}
