package io.posthorn.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void environmentVariableOverridesTheFile() throws Exception {
    ConfigFile f =
        ConfigFile.load(
            file("relay.database.user = from-file\n"),
            Map.of("POSTHORN_RELAY_DATABASE_USER", "from-env"));

    assertThat(f.string("relay.database.user")).contains("from-env");
  }

  @Test
  void environmentVariableNameReplacesDotsAndHyphens() {
    assertThat(ConfigFile.envName("relay.kafka.bootstrap-servers"))
        .isEqualTo("POSTHORN_RELAY_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void environmentAloneCanSetAKeyTheFileLacks() throws Exception {
    ConfigFile f = ConfigFile.load(file("# nothing\n"), Map.of("POSTHORN_RELAY_SLOT", "s1"));

    assertThat(f.string("relay.slot")).contains("s1");
    assertThat(f.string("relay.publication")).isEmpty();
  }

  @Test
  void readsShortAndIsoDurations() {
    ConfigFile f =
        ConfigFile.of(
            Map.of("a", "250ms", "b", "10s", "c", "5m", "d", "1h", "e", "PT0.5S"), Map.of());

    assertThat(f.duration("a")).contains(Duration.ofMillis(250));
    assertThat(f.duration("b")).contains(Duration.ofSeconds(10));
    assertThat(f.duration("c")).contains(Duration.ofMinutes(5));
    assertThat(f.duration("d")).contains(Duration.ofHours(1));
    assertThat(f.duration("e")).contains(Duration.ofMillis(500));
  }

  @Test
  void badDurationNamesTheKeyAndTheVariableItCameFrom() {
    ConfigFile f = ConfigFile.of(Map.of(), Map.of("POSTHORN_RELAY_POLL_INTERVAL", "soon"));

    assertThatThrownBy(() -> f.duration("relay.poll-interval"))
        .hasMessage(
            "relay.poll-interval must be a duration such as 250ms, 10s, 5m, 1h, 1d or PT10S, got 'soon'"
                + " (from POSTHORN_RELAY_POLL_INTERVAL)");
  }

  @Test
  void badNumberNamesTheKey() {
    ConfigFile f = ConfigFile.of(Map.of("relay.batch-size", "lots"), Map.of());

    assertThatThrownBy(() -> f.integer("relay.batch-size"))
        .hasMessageStartingWith("relay.batch-size must be a whole number");
  }

  @Test
  void missingRequiredKeyNamesTheKeyAndItsVariable() {
    ConfigFile f = ConfigFile.of(Map.of(), Map.of());

    assertThatThrownBy(() -> f.required("relay.database.url"))
        .hasMessage(
            "relay.database.url must be set (in the settings or as POSTHORN_RELAY_DATABASE_URL)");
  }

  @Test
  void unknownKeyUnderThePrefixIsRefused_otherPrefixesAreLeftAlone() throws Exception {
    ConfigFile f =
        ConfigFile.load(file("relay.slot=a\nrelay.batchsize=5\nworker.group=g\n"), Map.of());
    f.string("relay.slot");

    assertThatThrownBy(() -> f.rejectUnknown("relay."))
        .hasMessageStartingWith("relay.batchsize in ")
        .hasMessageEndingWith(" is not a known key (a typo?)");
  }

  @Test
  void unreadableFileSaysWhich() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> ConfigFile.load(missing, Map.of()))
        .hasMessageContaining(missing.toString());
  }

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("test.properties"), text);
  }
}
