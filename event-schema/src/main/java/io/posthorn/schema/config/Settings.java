package io.posthorn.schema.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;

/**
 * The flat settings of one process: a Java properties file, each key overridden by an environment
 * variable named {@code POSTHORN_} plus the key in upper case with {@code .} and {@code -} as
 * {@code _} ({@code relay.database.password} is {@code POSTHORN_RELAY_DATABASE_PASSWORD}).
 *
 * <p>A component turns them into its typed config record through its {@link ConfigDef}: {@link
 * #parse} checks presence, type and {@link Rule}s and names the key (and where its value came from)
 * when one fails. {@link #rejectUnknown} refuses keys in the file that no definition of the command
 * holds, and {@code POSTHORN_*} variables that match no key of any component, so a typo fails at
 * start instead of being ignored. {@link #describe} lists every effective value with its {@link
 * Origin}, secrets masked.
 */
public final class Settings {
  static final String ENV_PREFIX = "POSTHORN_";

  /**
   * {@code POSTHORN_*} variables that are not config keys: read by the launcher ({@code
   * bin/posthorn}), the logging config and the tool commands ({@code emit}, {@code dlq}, {@code
   * listen}, {@code verify}, …).
   */
  public static final Set<String> OTHER_VARIABLES =
      Set.of(
          "POSTHORN_HOME",
          "POSTHORN_JAVA_OPTS",
          "POSTHORN_JVM_DEFAULTS",
          "POSTHORN_LOG_LEVEL",
          "POSTHORN_LOG_FORMAT",
          "POSTHORN_JDBC_URL",
          "POSTHORN_DB_USER",
          "POSTHORN_DB_PASSWORD",
          "POSTHORN_KAFKA_BOOTSTRAP",
          "POSTHORN_REGISTRY_URL",
          "POSTHORN_REGISTRY_KEY",
          "POSTHORN_WEBHOOK_SECRET");

  private final Map<String, String> file;
  private final Map<String, String> env;
  private final String fileName;

  private Settings(Map<String, String> file, Map<String, String> env, String fileName) {
    this.file = file;
    this.env = env;
    this.fileName = fileName;
  }

  /** Reads {@code path}; {@code env} is usually {@code System.getenv()}. */
  public static Settings load(Path path, Map<String, String> env) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new InvalidSettingException("cannot read config file " + path + ": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).strip()));
    return new Settings(values, Map.copyOf(env), path.toString());
  }

  /** Settings from a map standing for a file ("the settings"), with environment overrides. */
  public static Settings of(Map<String, String> values, Map<String, String> env) {
    return new Settings(Map.copyOf(values), Map.copyOf(env), "the settings");
  }

  /**
   * Flat settings already merged by the caller (a test, or a component built in code): no
   * environment, and messages name only the key.
   */
  public static Settings of(Map<String, String> values) {
    return new Settings(Map.copyOf(values), Map.of(), null);
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The key's text (the environment first, then the file), or empty if neither sets it. */
  public Optional<String> value(String key) {
    String fromEnv = env.get(envName(key));
    return Optional.ofNullable(fromEnv != null ? fromEnv.strip() : file.get(key));
  }

  /** Where the key's value comes from. */
  public Origin origin(String key) {
    if (env.containsKey(envName(key))) {
      return new Origin(Origin.Kind.ENVIRONMENT, envName(key));
    }
    if (file.containsKey(key)) {
      return new Origin(Origin.Kind.FILE, fileName == null ? "the settings" : fileName);
    }
    return Origin.DEFAULT;
  }

  /**
   * The keys of {@code definition} parsed and checked. Keys under {@code prefix} that the
   * definition lacks are refused; a missing required key, a value of the wrong type or one a {@link
   * Rule} refuses fails naming the key.
   *
   * @throws InvalidSettingException naming the key
   */
  public ParsedSettings parse(ConfigDef definition, String prefix) {
    rejectKeys(file.keySet().stream().filter(k -> k.startsWith(prefix)).toList(), definition);
    Map<String, String> raw = new HashMap<>();
    for (ConfigKey key : definition.configKeys().values()) {
      Optional<String> v = value(key.name);
      if (v.isEmpty()) {
        if (!key.hasDefault()) {
          throw new InvalidSettingException(missing(key));
        }
        continue;
      }
      check(key, v.get());
      raw.put(key.name, v.get());
    }
    return new ParsedSettings(definition, raw);
  }

  /**
   * Refuses keys in the file that none of {@code command}'s definitions hold, and {@code
   * POSTHORN_*} environment variables that match no key of {@code all} definitions (every
   * component's: a shared environment file may hold another component's) nor one of {@link
   * #OTHER_VARIABLES}.
   *
   * @throws InvalidSettingException naming the keys or the variable, with the nearest known name
   */
  public void rejectUnknown(Collection<ConfigDef> command, Collection<ConfigDef> all) {
    ConfigDef union = new ConfigDef();
    command.forEach(d -> d.configKeys().values().forEach(union::define));
    rejectKeys(file.keySet(), union);
    Set<String> known = new TreeSet<>(OTHER_VARIABLES);
    all.forEach(d -> d.names().forEach(k -> known.add(envName(k))));
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ENV_PREFIX) && !known.contains(name)) {
        String near = Names.nearest(name, known);
        throw new InvalidSettingException(
            "environment variable "
                + name
                + " is not a Posthorn setting ("
                + (near == null ? "a typo?" : "did you mean " + near + "?")
                + ")");
      }
    }
  }

  /**
   * One line per key of {@code definition}: {@code key = value (origin)}. A {@link
   * ConfigDef.Type#PASSWORD} key shows {@code [hidden]} for any value that is not empty.
   */
  public List<String> describe(ConfigDef definition) {
    List<String> lines = new ArrayList<>();
    for (ConfigKey key : definition.configKeys().values()) {
      Optional<String> v = value(key.name);
      String shown;
      if (key.type == ConfigDef.Type.PASSWORD) {
        shown = v.map(s -> s.isEmpty() ? "(empty)" : "[hidden]").orElse("(unset)");
      } else {
        shown = v.orElseGet(() -> SettingsDocs.defaultText(key));
      }
      if (shown.isEmpty()) {
        shown = "(unset)";
      }
      lines.add(key.name + " = " + shown + "  (" + origin(key.name) + ")");
    }
    return lines;
  }

  private void rejectKeys(Collection<String> keys, ConfigDef definition) {
    Set<String> names = definition.names();
    Set<String> unknown = new TreeSet<>();
    keys.stream().filter(k -> !names.contains(k)).forEach(unknown::add);
    if (unknown.isEmpty()) {
      return;
    }
    List<String> near = new ArrayList<>();
    unknown.forEach(
        k -> {
          String n = Names.nearest(k, names);
          if (n != null) {
            near.add(n);
          }
        });
    throw new InvalidSettingException(
        String.join(", ", unknown)
            + (fileName == null ? "" : " in " + fileName)
            + (unknown.size() == 1 ? " is not a known key" : " are not known keys")
            + (near.isEmpty() ? " (a typo?)" : " (did you mean " + String.join(", ", near) + "?)"));
  }

  private String missing(ConfigKey key) {
    if (fileName != null) {
      return key.name + " must be set (in " + fileName + " or as " + envName(key.name) + ")";
    }
    // A secret belongs in the environment: say which variable even when no file is involved.
    return key.name
        + " must be set"
        + (key.type == ConfigDef.Type.PASSWORD ? " (or " + envName(key.name) + ")" : "");
  }

  private void check(ConfigKey key, String text) {
    Object parsed;
    try {
      parsed = ConfigDef.parseType(key.name, text, key.type);
    } catch (ConfigException e) {
      throw invalid(key, typeWords(key.type), text);
    }
    if (key.validator != null) {
      try {
        key.validator.ensureValid(key.name, parsed);
      } catch (ConfigException e) {
        String words = key.validator instanceof Rule r ? r.words() : String.valueOf(key.validator);
        boolean quote = key.validator instanceof Rule r && r.isDuration();
        throw invalid(key, words, quote ? "'" + text + "'" : text);
      }
    }
  }

  private InvalidSettingException invalid(ConfigKey key, String words, String shown) {
    String value = key.type == ConfigDef.Type.PASSWORD ? "[hidden]" : shown;
    return new InvalidSettingException(
        key.name
            + " must be "
            + words
            + ", got "
            + value
            // A file's value is found by its key; one from the environment needs its variable
            // named.
            + (origin(key.name).kind() == Origin.Kind.ENVIRONMENT
                ? " (from " + envName(key.name) + ")"
                : ""));
  }

  private static String typeWords(ConfigDef.Type type) {
    return switch (type) {
      case INT, SHORT, LONG -> "an integer";
      case BOOLEAN -> "true or false";
      case DOUBLE -> "a number";
      default -> "a " + type.toString().toLowerCase(Locale.ROOT);
    };
  }
}
