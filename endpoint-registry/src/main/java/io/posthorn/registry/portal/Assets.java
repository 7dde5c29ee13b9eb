package io.posthorn.registry.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.webjars.WebJarVersionLocator;

/**
 * The files pages load from {@code /portal/assets/}: htmx and uPlot from their WebJars (no Node
 * toolchain, decision 0049), the portal's own stylesheet and scripts from its resources. A fixed
 * list, read once: nothing else on the class path can be asked for.
 */
final class Assets {
  /** A file and its media type. */
  record Asset(byte[] bytes, String type) {}

  private final Map<String, Asset> files = new HashMap<>();

  Assets() {
    WebJarVersionLocator locator = new WebJarVersionLocator();
    webjar(locator, "htmx.min.js", "htmx.org", "dist/htmx.min.js", "text/javascript");
    webjar(locator, "uPlot.min.js", "uplot", "dist/uPlot.iife.min.js", "text/javascript");
    webjar(locator, "uPlot.min.css", "uplot", "dist/uPlot.min.css", "text/css");
    own("portal.css", "text/css");
    own("chart.js", "text/javascript");
  }

  Optional<Asset> find(String name) {
    return Optional.ofNullable(files.get(name));
  }

  private void webjar(
      WebJarVersionLocator locator, String name, String webjar, String path, String type) {
    String full = locator.fullPath(webjar, path);
    if (full == null) {
      throw new IllegalStateException("the " + webjar + " WebJar lacks " + path);
    }
    files.put(name, new Asset(read(full), type + "; charset=utf-8"));
  }

  private void own(String name, String type) {
    files.put(
        name,
        new Asset(read("io/posthorn/registry/portal/assets/" + name), type + "; charset=utf-8"));
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
