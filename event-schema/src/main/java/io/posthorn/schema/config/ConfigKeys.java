package io.posthorn.schema.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Adds keys to a component's {@link ConfigDef} the one way Posthorn declares them: in the order
 * they are written (which is the order of the generated README tables and example files), in a
 * named group, with a {@link Rule} when the value has one.
 */
public final class ConfigKeys {
  private ConfigKeys() {}

  /**
   * Defines {@code name} on {@code definition}.
   *
   * @param defaultValue {@link ConfigDef#NO_DEFAULT_VALUE} for a required key, or {@code null} for
   *     an optional key without a default
   * @param rule {@code null} when any value of {@code type} will do
   */
  public static void define(
      ConfigDef definition,
      String name,
      Type type,
      Object defaultValue,
      Rule rule,
      Importance importance,
      String group,
      String doc) {
    definition.define(
        name,
        type,
        defaultValue,
        rule,
        importance,
        doc,
        group,
        definition.configKeys().size(),
        ConfigDef.Width.LONG,
        "");
  }
}
