package io.posthorn.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A component's settings: a {@code key = value} properties file, then environment variables on top.
 * The variable for {@code worker.max-in-flight} is {@code POSTHORN_WORKER_MAX_IN_FLIGHT}: upper case,
 * {@code POSTHORN_} in front, dots and dashes as underscores. Only keys under the component's prefix
 * are overridden, so a secret can live in the environment instead of the file.
 */
final class ConfigFile {
  private ConfigFile() {}

  /** @throws IllegalArgumentException naming the file when it cannot be read */
  static Map<String, String> load(Path file, String prefix, Iterable<String> knownKeys, Map<String, String> env) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
    }
    Map<String, String> settings = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k).strip()));
    for (String key : knownKeys) {
      String fromEnv = env.get(envName(key));
      if (key.startsWith(prefix) && fromEnv != null) {
        settings.put(key, fromEnv.strip());
      }
    }
    return settings;
  }

  static String envName(String key) {
    return "POSTHORN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
