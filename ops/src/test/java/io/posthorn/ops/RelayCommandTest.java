package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.relay.OutboxRelay;
import io.posthorn.relay.RelayConfig;
import io.posthorn.relay.RelayConfigException;
import io.posthorn.relay.RelayListener;
import io.posthorn.relay.RelaySettings;
import io.posthorn.schema.catalog.InvalidCatalogException;
import io.posthorn.schema.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayCommandTest {
  private static final Map<String, String> REQUIRED =
      Map.of(
          "relay.database.url", "jdbc:postgresql://db:5432/shop",
          "relay.database.user", "relay",
          "relay.database.password", "",
          "relay.kafka.bootstrap-servers", "k:9092");

  @Test
  void theExampleConfigIsValidAndEveryKeyInItIsKnown() {
    RelayConfig config =
        RelaySettings.parse(
            Settings.load(
                Path.of("config", "relay.example.properties"),
                Map.of("POSTHORN_RELAY_DATABASE_PASSWORD", "s3cret")));

    assertThat(config.databasePassword()).isEqualTo("s3cret");
    assertThat(config.topicReplicationFactor()).contains((short) 3);
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void everyKeyReachesItsSetting() {
    Map<String, String> all = new HashMap<>(REQUIRED);
    all.putAll(
        Map.ofEntries(
            Map.entry("relay.slot", "s1"),
            Map.entry("relay.publication", "p1"),
            Map.entry("relay.topic.events", "e"),
            Map.entry("relay.topic.invalid", "i"),
            Map.entry("relay.topic.offsets", "o"),
            Map.entry("relay.topic.partitions", "7"),
            Map.entry("relay.topic.replication-factor", "2"),
            Map.entry("relay.poll-interval", "20ms"),
            Map.entry("relay.batch-size", "99"),
            Map.entry("relay.max-unacked-batches", "0"),
            Map.entry("relay.offset-flush-interval", "2s"),
            Map.entry("relay.heartbeat-interval", "3s"),
            Map.entry("relay.watchdog-timeout", "1m"),
            Map.entry("relay.standby-check-interval", "500ms"),
            Map.entry("relay.shutdown-timeout", "45s"),
            Map.entry("relay.capture.endpoint-feed", "true"),
            Map.entry("relay.topic.endpoints", "ep"),
            Map.entry("relay.topic.create", "false"),
            Map.entry("relay.max-restarts-without-progress", "9"),
            Map.entry("relay.catalog-wait", "90s"),
            Map.entry("catalog.dir", "/etc/posthorn/catalog")));

    RelayConfig c = RelaySettings.parse(Settings.of(all, Map.of()));

    assertThat(c)
        .isEqualTo(
            new RelayConfig(
                "jdbc:postgresql://db:5432/shop",
                "relay",
                "",
                "s1",
                "p1",
                "k:9092",
                "e",
                "i",
                "o",
                7,
                Optional.of((short) 2),
                Duration.ofMillis(20),
                99,
                0,
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                Duration.ofMinutes(1),
                Duration.ofMillis(500),
                Duration.ofSeconds(45),
                true,
                "ep",
                false,
                9,
                Optional.of(Path.of("/etc/posthorn/catalog")),
                Duration.ofSeconds(90)));
  }

  @Test
  void rangeErrorsComeFromTheRelaysOwnValidation() {
    Map<String, String> settings = new HashMap<>(REQUIRED);
    settings.put("relay.watchdog-timeout", "2s");

    assertThatThrownBy(() -> RelaySettings.parse(Settings.of(settings, Map.of())))
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith(
            "relay.watchdog-timeout must be at least 3 x relay.heartbeat-interval");
  }

  @Test
  void replicationFactorOutsideAShortIsRefusedNotWrapped() {
    Map<String, String> settings = new HashMap<>(REQUIRED);
    settings.put("relay.topic.replication-factor", "65537");

    assertThatThrownBy(() -> RelaySettings.parse(Settings.of(settings, Map.of())))
        .hasMessage("relay.topic.replication-factor must be between 1 and 32767, got 65537");
  }

  @Test
  void aMissingPasswordIsAnErrorNamingItsVariable() {
    Map<String, String> settings = new HashMap<>(REQUIRED);
    settings.remove("relay.database.password");

    assertThatThrownBy(() -> RelaySettings.parse(Settings.of(settings, Map.of())))
        .hasMessageContaining("POSTHORN_RELAY_DATABASE_PASSWORD");
  }

  /**
   * In-process, so through the settings (the build sets POSTHORN_CATALOG_DIR for test JVMs, and the
   * environment overrides a file's key).
   */
  @Test
  void anInvalidCatalogFailsTheStartNamingTheFileAndTheReason(@TempDir Path catalog)
      throws IOException {
    Files.writeString(catalog.resolve("invoice.paid.json"), "{\"title\": \"invoice.paid\"}");
    Map<String, String> settings = new HashMap<>(REQUIRED);
    settings.put("catalog.dir", catalog.toString());
    RelayConfig config = RelaySettings.parse(Settings.of(settings, Map.of()));

    assertThatThrownBy(() -> OutboxRelay.create(config, RelayListener.NONE))
        .isInstanceOf(InvalidCatalogException.class)
        .hasMessageStartingWith(
            "event catalog file " + catalog.resolve("invoice.paid.json") + ": \"description\"");
  }
}
