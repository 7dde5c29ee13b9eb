package io.posthorn.registry.portal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code application/x-www-form-urlencoded} body or a query string: names to values, in order.
 */
final class Form {
  private final Map<String, List<String>> values;

  private Form(Map<String, List<String>> values) {
    this.values = values;
  }

  static Form parse(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq));
        String v = decode(eq < 0 ? "" : pair.substring(eq + 1));
        out.computeIfAbsent(k, x -> new java.util.ArrayList<>()).add(v);
      }
    }
    return new Form(out);
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new PortalException(400, "The form is not encoded correctly.");
    }
  }

  /** The first value, empty when absent or blank. */
  Optional<String> get(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() || v.get(0).isBlank()
        ? Optional.empty()
        : Optional.of(v.get(0).strip());
  }

  /** The first value as given (not stripped), {@code ""} when absent. */
  String raw(String name) {
    List<String> v = values.get(name);
    return v == null || v.isEmpty() ? "" : v.get(0);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }
}
