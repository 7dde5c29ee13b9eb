package io.posthorn.registry.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.posthorn.registry.portal.page.Chrome;
import java.util.Map;

/**
 * The portal's pages, rendered by the templates jte compiled at build time from {@code
 * src/main/jte} (decision 0049): HTML content type, so every {@code ${…}} is escaped for where it
 * stands.
 */
final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  /** {@code name}.jte with its {@code chrome} and {@code page} parameters. */
  String render(String name, Chrome chrome, Object page) {
    StringOutput out = new StringOutput(8192);
    engine.render(name + ".jte", Map.of("chrome", chrome, "page", page), out);
    return out.toString();
  }

  /** A template that takes only the chrome. */
  String render(String name, Chrome chrome) {
    StringOutput out = new StringOutput(4096);
    engine.render(name + ".jte", Map.of("chrome", chrome), out);
    return out.toString();
  }
}
