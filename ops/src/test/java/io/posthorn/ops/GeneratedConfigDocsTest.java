package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.posthorn.delivery.WorkerSettings;
import io.posthorn.inbound.InboundSettings;
import io.posthorn.registry.RegistrySettings;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.config.Settings;
import io.posthorn.schema.config.SettingsDocs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

/**
 * The example config files and the README key tables are what the definitions produce ({@link
 * ConfigDocs}), and every example file is a valid config.
 */
class GeneratedConfigDocsTest {
  private static final Path ROOT = Path.of("..");
  private static final Map<String, String> SECRETS =
      Map.of(
          "POSTHORN_RELAY_DATABASE_PASSWORD", "",
          "POSTHORN_REGISTRY_DATABASE_PASSWORD", "",
          "POSTHORN_REGISTRY_SECRET_KEY", "X4S6ebp0d2hPQM9/8sYKRaR9ZeTG4+VXoUnjzH6g+dM=",
          "POSTHORN_WORKER_SECRET_KEY", "X4S6ebp0d2hPQM9/8sYKRaR9ZeTG4+VXoUnjzH6g+dM=",
          "POSTHORN_INBOUND_DATABASE_PASSWORD", "",
          "POSTHORN_INBOUND_SECRET_KEY", "X4S6ebp0d2hPQM9/8sYKRaR9ZeTG4+VXoUnjzH6g+dM=");

  @Test
  void checkedInFilesAreWhatTheDefinitionsProduce() throws Exception {
    if (Boolean.getBoolean("posthorn.regenerate-config-docs")) {
      ConfigDocs.main(new String[] {ROOT.toString()});
    }
    for (Map.Entry<Path, String> e : ConfigDocs.expected(ROOT).entrySet()) {
      assertThat(Files.readString(ROOT.resolve(e.getKey()), StandardCharsets.UTF_8))
          .as(
              "%s differs from what the config definitions produce; regenerate it with: %s",
              e.getKey(), ConfigDocs.REGENERATE)
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void everyExampleFileIsAValidConfigWithOnlyKnownKeys() {
    Settings relay = load("relay.example.properties", List.of(RelaySettings.DEFINITION));
    Settings worker = load("worker.properties", List.of(WorkerSettings.DEFINITION));
    Settings registry = load("registry.properties", List.of(RegistrySettings.DEFINITION));
    Settings server = load("server.properties", CommandSettings.ALL);
    Settings inbound = load("inbound.properties", List.of(InboundSettings.DEFINITION));

    assertThat(RelaySettings.parse(relay).topicReplicationFactor()).isEqualTo((short) 3);
    assertThat(WorkerSettings.parse(worker).groupId()).isEqualTo("posthorn-delivery");
    assertThat(RegistrySettings.parse(registry).httpHost()).isEqualTo("127.0.0.1");
    assertThat(InboundSettings.parse(inbound).httpPort()).isEqualTo(8090);
    assertThat(RelaySettings.parse(server).captureEndpointFeed()).isTrue();
    assertThat(WorkerSettings.parse(server).bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(RegistrySettings.parse(server).httpHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void aValueAnExampleCallsTheDefaultIsTheDefault() throws Exception {
    // Lines without a "# Default: …" note above them set the key to its default.
    for (String name :
        List.of(
            "relay.example.properties",
            "worker.properties",
            "registry.properties",
            "inbound.properties",
            "server.properties")) {
      List<String> lines = Files.readAllLines(ROOT.resolve("ops/config").resolve(name));
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String key = line.substring(0, line.indexOf('=')).strip();
        String value = line.substring(line.indexOf('=') + 1).strip();
        String above = lines.get(i - 1);
        if (above.startsWith("# Default: ") || above.equals("# Required.")) {
          continue;
        }
        String defaultText =
            CommandSettings.ALL.stream()
                .filter(d -> d.configKeys().containsKey(key))
                .map(d -> SettingsDocs.defaultText(d.configKeys().get(key)))
                .findFirst()
                .orElseThrow();
        assertThat(value).as("%s in %s", key, name).isEqualTo(defaultText);
      }
    }
  }

  private static Settings load(String name, List<ConfigDef> defs) {
    Settings s = Settings.load(ROOT.resolve("ops/config").resolve(name), SECRETS);
    s.rejectUnknown(defs.size() > 1 ? defs : withMetrics(defs), CommandSettings.ALL);
    return s;
  }

  private static List<ConfigDef> withMetrics(List<ConfigDef> defs) {
    return Stream.concat(defs.stream(), Stream.of(MetricsEndpoint.DEFINITION)).toList();
  }
}
