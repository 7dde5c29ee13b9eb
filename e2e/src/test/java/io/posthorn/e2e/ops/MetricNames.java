package io.posthorn.e2e.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metric names in PromQL, in Prometheus' text exposition, and in the two ops assets: the alert
 * rules (their {@code expr:} blocks) and the Grafana dashboard (every {@code expr} and template
 * {@code query}).
 */
final class MetricNames {
  /** Our meters and the Kafka clients' and JVM's ones we bind; PromQL functions never match. */
  private static final Pattern NAME =
      Pattern.compile("\\b((?:posthorn|kafka|jvm|process|system)_[a-zA-Z0-9_]+)");

  private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total");

  private MetricNames() {}

  /** The metric names an expression reads: not label names, values or functions. */
  static Set<String> inPromQl(List<String> expressions) {
    Set<String> names = new TreeSet<>();
    for (String e : expressions) {
      String bare = MATCHERS.matcher(QUOTED.matcher(e).replaceAll("\"\"")).replaceAll("{}");
      Matcher m = NAME.matcher(bare);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** Every {@code expr:} of a rules file, single-line or a block scalar ({@code |}, {@code >}). */
  static List<String> alertExpressions(String rulesYaml) {
    List<String> out = new ArrayList<>();
    String[] lines = rulesYaml.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int at = line.indexOf("expr:");
      if (at < 0 || line.strip().startsWith("#")) {
        continue;
      }
      String value = line.substring(at + 5).strip();
      if (!value.isEmpty() && !value.startsWith("|") && !value.startsWith(">")) {
        out.add(value);
        continue;
      }
      int indent = at;
      StringBuilder block = new StringBuilder();
      while (i + 1 < lines.length && (lines[i + 1].isBlank() || indentOf(lines[i + 1]) > indent)) {
        block.append(lines[++i]).append('\n');
      }
      out.add(block.toString());
    }
    return out;
  }

  /** Every panel target's {@code expr} and every template variable's {@code query}. */
  static List<String> dashboardExpressions(String dashboardJson) {
    try {
      List<String> out = new ArrayList<>();
      collect(new ObjectMapper().readTree(dashboardJson), out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              e -> {
                if ((e.getKey().equals("expr") || e.getKey().equals("query"))
                    && e.getValue().isTextual()) {
                  out.add(e.getValue().asText());
                } else if (e.getKey().equals("query") && e.getValue().isObject()) {
                  out.add(e.getValue().path("query").asText());
                } else {
                  collect(e.getValue(), out);
                }
              });
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }

  /** The sample names and metric families of a Prometheus text scrape. */
  static Set<String> inScrape(String text) {
    Set<String> names = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        names.add(line.split(" ")[2]);
      } else if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{');
        names.add(line.substring(0, end < 0 ? line.indexOf(' ') : end));
      }
    }
    return names;
  }

  /**
   * Whether a name an expression uses is exported: as a sample, or as a histogram's or counter's
   * family with the suffix PromQL adds ({@code _bucket}, {@code _count}, {@code _sum}, {@code
   * _total}).
   */
  static boolean exported(String used, Set<String> exported) {
    if (exported.contains(used)) {
      return true;
    }
    for (String suffix : SUFFIXES) {
      if (used.endsWith(suffix)
          && exported.contains(used.substring(0, used.length() - suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  private static int indentOf(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
