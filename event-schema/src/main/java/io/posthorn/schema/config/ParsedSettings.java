package io.posthorn.schema.config;

import io.posthorn.schema.Durations;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;

/**
 * Settings checked against a {@link ConfigDef} by {@link Settings#parse}: typed getters that return
 * the value, or the key's default. A component reads them into its config record.
 */
public final class ParsedSettings extends AbstractConfig {
  ParsedSettings(ConfigDef definition, Map<String, String> values) {
    super(definition, values, false);
  }

  /** A {@link Rule#duration()} key; null when unset without a default. */
  public Duration duration(String key) {
    String text = getString(key);
    return text == null ? null : Durations.parse(text);
  }

  /** A {@link ConfigDef.Type#PASSWORD} key's value; null when unset without a default. */
  public String secret(String key) {
    Password p = getPassword(key);
    return p == null ? null : p.value();
  }

  /** Whether the file or the environment set the key (not its default). */
  public boolean isSet(String key) {
    return originals().containsKey(key);
  }
}
