package io.posthorn.ops;

import io.posthorn.schema.Durations;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of a long-running command ({@code posthorn relay --config}, {@code posthorn worker
 * --config}): a Java properties file in which an environment variable overrides each key. The
 * variable's name is {@code POSTHORN_} plus the key in upper case with {@code .} and {@code -} as
 * {@code _}: {@code relay.database.password} is {@code POSTHORN_RELAY_DATABASE_PASSWORD}.
 *
 * <p>Getters return a key's text or typed value and name the key, and where its value came from,
 * when it does not parse. Range checks belong to the component's config record. After reading,
 * {@link #rejectUnknown(String)} refuses keys under a prefix that no getter asked for, so a typo
 * fails at start instead of being ignored. Durations are read by {@link Durations}: {@code 250ms},
 * {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT10S}).
 */
final class ConfigFile {

  private final Map<String, String> file;
  private final Map<String, String> env;
  private final String origin;
  private final Set<String> asked = new HashSet<>();

  private ConfigFile(Map<String, String> file, Map<String, String> env, String origin) {
    this.file = file;
    this.env = env;
    this.origin = origin;
  }

  /** Reads {@code path}; {@code env} is usually {@code System.getenv()}. */
  static ConfigFile load(Path path, Map<String, String> env) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read config file " + path + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new HashMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).strip()));
    return new ConfigFile(values, env, path.toString());
  }

  /** Settings from a map instead of a file, for tests. */
  static ConfigFile of(Map<String, String> values, Map<String, String> env) {
    return new ConfigFile(Map.copyOf(values), env, "the settings");
  }

  /** The environment variable that overrides {@code key}. */
  static String envName(String key) {
    return "POSTHORN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The key's value (environment first, then the file), or empty if neither sets it. */
  Optional<String> string(String key) {
    asked.add(key);
    String fromEnv = env.get(envName(key));
    return Optional.ofNullable(fromEnv != null ? fromEnv.strip() : file.get(key));
  }

  String required(String key) {
    return string(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    key + " must be set (in " + origin + " or as " + envName(key) + ")"));
  }

  Optional<Integer> integer(String key) {
    return string(key)
        .map(
            v -> {
              try {
                return Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw invalid(key, "must be a whole number", v);
              }
            });
  }

  Optional<Boolean> bool(String key) {
    return string(key)
        .map(
            v ->
                switch (v) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw invalid(key, "must be true or false", v);
                });
  }

  Optional<Duration> duration(String key) {
    return string(key)
        .map(
            v -> {
              try {
                return Durations.parse(v);
              } catch (IllegalArgumentException e) {
                throw invalid(key, "must be a duration such as 250ms, 10s, 5m, 1h, 1d or PT10S", v);
              }
            });
  }

  /**
   * The values of these keys that are set (environment first), for a component that parses flat
   * settings.
   */
  Map<String, String> values(Iterable<String> keys) {
    Map<String, String> out = new HashMap<>();
    for (String key : keys) {
      string(key).ifPresent(v -> out.put(key, v));
    }
    return out;
  }

  /** Refuses keys starting with {@code prefix} that no getter asked for. */
  void rejectUnknown(String prefix) {
    Set<String> unknown = new TreeSet<>();
    file.keySet().stream()
        .filter(k -> k.startsWith(prefix) && !asked.contains(k))
        .forEach(unknown::add);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          String.join(", ", unknown)
              + " in "
              + origin
              + (unknown.size() == 1 ? " is not a known key" : " are not known keys")
              + " (a typo?)");
    }
  }

  private IllegalArgumentException invalid(String key, String rule, String value) {
    String source = env.containsKey(envName(key)) ? envName(key) : origin;
    return new IllegalArgumentException(
        key + " " + rule + ", got '" + value + "' (from " + source + ")");
  }
}
