package io.posthorn.schema.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * Documentation written from {@link ConfigDef}s, so the README tables and the example config files
 * cannot drift from the code: a markdown table of keys, defaults and meanings, and a commented
 * example properties file. A golden-file test in {@code ops} compares the checked-in files with
 * what this produces.
 */
public final class SettingsDocs {
  private static final int WIDTH = 100;

  private SettingsDocs() {}

  /** A key's default as the file would spell it: empty when there is none. */
  public static String defaultText(ConfigKey key) {
    if (!key.hasDefault() || key.defaultValue == null) {
      return "";
    }
    return ConfigDef.convertToString(key.defaultValue, key.type);
  }

  /** {@code | key | default | meaning |} rows for every key of the definitions, in order. */
  public static String table(List<ConfigDef> definitions) {
    StringBuilder out = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
    for (ConfigDef d : definitions) {
      for (ConfigKey key : d.configKeys().values()) {
        String def;
        if (!key.hasDefault()) {
          def = "required";
        } else if (key.defaultValue == null) {
          def = "unset";
        } else {
          String text = defaultText(key);
          def = text.isEmpty() ? "empty" : "`" + text + "`";
        }
        out.append("| `")
            .append(key.name)
            .append("` | ")
            .append(def)
            .append(" | ")
            .append(key.documentation.replace("\n", " ").replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  /**
   * {@code text} with what lies between {@code <!-- config:NAME -->} and {@code <!-- /config:NAME
   * -->} replaced by {@code table}.
   *
   * @throws IllegalArgumentException when the markers are missing
   */
  public static String replaceTable(String text, String name, String table) {
    String begin =
        "<!-- config:" + name + " (generated from the definitions; see ops/README.md) -->\n";
    String end = "<!-- /config:" + name + " -->";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw new IllegalArgumentException("no " + begin.strip() + " ... " + end + " markers");
    }
    return text.substring(0, b + begin.length()) + table + text.substring(e);
  }

  /**
   * An example properties file: the header, then for each key of {@code definition} that {@code
   * include} accepts its documentation as a comment and a line setting it. A key in {@code values}
   * is set to that value (with {@code # Default: …} above it when that is not the default); a
   * secret, or a key without a default, is shown commented out ({@code # key=} and the value from
   * {@code commented}, if any); any other key is set to its default. Groups start a section.
   */
  public static String exampleFile(
      List<String> header,
      List<ConfigDef> definitions,
      Predicate<String> include,
      Map<String, String> values,
      Map<String, String> commented) {
    StringBuilder out = new StringBuilder();
    header.forEach(line -> out.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
    String group = null;
    for (ConfigDef d : definitions) {
      for (ConfigKey key : d.configKeys().values()) {
        if (!include.test(key.name)) {
          continue;
        }
        if (key.group != null && !key.group.equals(group)) {
          group = key.group;
          String title = "# --- " + group + " ";
          out.append('\n').append(title).append("-".repeat(Math.max(3, WIDTH - title.length())));
          out.append('\n');
        }
        out.append('\n');
        comment(out, key.documentation);
        out.append(line(key, values, commented)).append('\n');
      }
    }
    return out.toString();
  }

  private static String line(
      ConfigKey key, Map<String, String> values, Map<String, String> commented) {
    String def = defaultText(key);
    if (values.containsKey(key.name)) {
      String v = values.get(key.name);
      if (!key.hasDefault()) {
        return "# Required.\n" + key.name + "=" + v;
      }
      return (Objects.equals(v, def) ? "" : "# Default: " + (def.isEmpty() ? "unset" : def) + ".\n")
          + key.name
          + "="
          + v;
    }
    if (key.type == ConfigDef.Type.PASSWORD || !key.hasDefault() || key.defaultValue == null) {
      String required = key.hasDefault() ? "" : "# Required.\n";
      return required + "# " + key.name + "=" + commented.getOrDefault(key.name, "");
    }
    return key.name + "=" + def;
  }

  private static void comment(StringBuilder out, String text) {
    for (String paragraph : text.split("\n")) {
      List<String> lines = wrap(paragraph, WIDTH - 2);
      lines.forEach(l -> out.append("# ").append(l).append('\n'));
    }
  }

  private static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
