package io.posthorn.ops;

import io.posthorn.delivery.WorkerSettings;
import io.posthorn.inbound.InboundSettings;
import io.posthorn.registry.RegistrySettings;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.catalog.CatalogSettings;
import io.posthorn.schema.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The settings file of a long-running command ({@code relay}, {@code worker}, {@code registry},
 * {@code inbound}, {@code server}), read once: the file, each key overridden by its {@code
 * POSTHORN_*} variable ({@link Settings}). A key in the file that none of the command's definitions
 * holds, or a {@code POSTHORN_*} variable that matches no key of any component, fails the start
 * naming it (docs/decisions/0028).
 */
final class CommandSettings {
  /** Every component's definition: a shared environment may hold any of their variables. */
  static final List<ConfigDef> ALL =
      List.of(
          RelaySettings.DEFINITION,
          WorkerSettings.DEFINITION,
          RegistrySettings.DEFINITION,
          InboundSettings.DEFINITION,
          CatalogSettings.DEFINITION,
          MetricsEndpoint.DEFINITION);

  private CommandSettings() {}

  /** Reads {@code file}, refusing keys outside {@code command} and unknown variables. */
  static Settings load(Path file, Map<String, String> env, List<ConfigDef> command) {
    Settings settings = Settings.load(file, env);
    settings.rejectUnknown(command, ALL);
    return settings;
  }

  /** {@code --check}: every effective setting of {@code command} and where it came from. */
  static void print(PrintWriter out, Settings settings, List<ConfigDef> command) {
    out.println("effective settings (value, and where it came from; secrets hidden):");
    for (ConfigDef definition : command) {
      settings.describe(definition).forEach(line -> out.println("  " + line));
    }
  }
}
