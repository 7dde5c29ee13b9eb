package io.posthorn.schema.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  private static final ConfigDef RELAY =
      new ConfigDef()
          .define("relay.database.url", Type.STRING, Importance.HIGH, "url")
          .define("relay.database.user", Type.STRING, "posthorn", Importance.HIGH, "user")
          .define("relay.database.password", Type.PASSWORD, Importance.HIGH, "password")
          .define("relay.slot", Type.STRING, "posthorn_relay", Importance.LOW, "slot")
          .define("relay.batch-size", Type.INT, 2048, Importance.LOW, "batch")
          .define(
              "relay.poll-interval", Type.STRING, "10ms", Rule.duration(), Importance.LOW, "poll")
          .define(
              "relay.topic.replication-factor",
              Type.INT,
              1,
              Rule.between(1, Short.MAX_VALUE),
              Importance.LOW,
              "rf")
          .define(
              "relay.pool",
              Type.STRING,
              "shared",
              Rule.oneOf("shared", "per-origin"),
              Importance.LOW,
              "pool");
  private static final ConfigDef WORKER =
      new ConfigDef().define("worker.group-id", Type.STRING, "g", Importance.LOW, "group");

  @TempDir Path dir;

  @Test
  void environmentVariableOverridesTheFile() throws Exception {
    Settings f =
        Settings.load(
            file("relay.database.user = from-file\n"),
            Map.of("POSTHORN_RELAY_DATABASE_USER", "from-env"));

    assertThat(f.value("relay.database.user")).contains("from-env");
  }

  @Test
  void environmentVariableNameReplacesDotsAndHyphens() {
    assertThat(Settings.envName("relay.kafka.bootstrap-servers"))
        .isEqualTo("POSTHORN_RELAY_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void environmentAloneCanSetAKeyTheFileLacks() throws Exception {
    Settings f = Settings.load(file("# nothing\n"), Map.of("POSTHORN_RELAY_SLOT", "s1"));

    assertThat(f.value("relay.slot")).contains("s1");
    assertThat(f.value("relay.publication")).isEmpty();
  }

  @Test
  void readsShortAndIsoDurations() {
    ConfigDef def = new ConfigDef();
    List.of("a", "b", "c", "d", "e")
        .forEach(k -> def.define(k, Type.STRING, null, Rule.duration(), Importance.LOW, k));
    ParsedSettings f =
        Settings.of(Map.of("a", "250ms", "b", "10s", "c", "5m", "d", "1h", "e", "PT0.5S"))
            .parse(def, "");

    assertThat(f.duration("a")).isEqualTo(Duration.ofMillis(250));
    assertThat(f.duration("b")).isEqualTo(Duration.ofSeconds(10));
    assertThat(f.duration("c")).isEqualTo(Duration.ofMinutes(5));
    assertThat(f.duration("d")).isEqualTo(Duration.ofHours(1));
    assertThat(f.duration("e")).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void badDurationNamesTheKeyAndTheVariableItCameFrom() {
    Settings f =
        Settings.of(
            Map.of("relay.database.url", "u", "relay.database.password", ""),
            Map.of("POSTHORN_RELAY_POLL_INTERVAL", "soon"));

    assertThatThrownBy(() -> f.parse(RELAY, "relay."))
        .hasMessage(
            "relay.poll-interval must be a duration such as 250ms, 10s, 5m, 1h, 1d or PT10S, got 'soon'"
                + " (from POSTHORN_RELAY_POLL_INTERVAL)");
  }

  @Test
  void badNumberNamesTheKey() {
    Settings f = Settings.of(required("relay.batch-size", "lots"), Map.of());

    assertThatThrownBy(() -> f.parse(RELAY, "relay."))
        .hasMessage("relay.batch-size must be an integer, got lots");
  }

  @Test
  void aRuleNamesTheKeyWhatItWantsAndTheValue() {
    assertThatThrownBy(
            () ->
                Settings.of(required("relay.topic.replication-factor", "65537"))
                    .parse(RELAY, "relay."))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("relay.topic.replication-factor must be between 1 and 32767, got 65537");
    assertThatThrownBy(() -> Settings.of(required("relay.pool", "per-host")).parse(RELAY, "relay."))
        .hasMessage("relay.pool must be shared or per-origin, got per-host");
  }

  @Test
  void missingRequiredKeyNamesTheKeyAndItsVariable() {
    Settings f = Settings.of(Map.of(), Map.of());

    assertThatThrownBy(() -> f.parse(RELAY, "relay."))
        .hasMessage(
            "relay.database.url must be set (in the settings or as POSTHORN_RELAY_DATABASE_URL)");
  }

  @Test
  void aMissingSecretNamesItsVariableEvenWithoutAFile() {
    assertThatThrownBy(() -> Settings.of(Map.of("relay.database.url", "u")).parse(RELAY, "relay."))
        .hasMessage("relay.database.password must be set (or POSTHORN_RELAY_DATABASE_PASSWORD)");
  }

  @Test
  void unknownKeyUnderThePrefixIsRefused_otherPrefixesAreLeftAlone() throws Exception {
    ConfigDef slotOnly =
        new ConfigDef().define("relay.slot", Type.STRING, "s", Importance.LOW, "slot");
    Settings f = Settings.load(file("relay.slot=a\nrelay.batchsize=5\nworker.group=g\n"), Map.of());

    assertThatThrownBy(() -> f.parse(slotOnly, "relay."))
        .hasMessageStartingWith("relay.batchsize in ")
        .hasMessageEndingWith(" is not a known key (a typo?)");
  }

  @Test
  void anUnknownKeyNamesTheNearestKnownOne() throws Exception {
    Settings f = Settings.load(file("relay.database.url=u\nrelay.batchsize=5\n"), Map.of());

    assertThatThrownBy(() -> f.parse(RELAY, "relay."))
        .hasMessageEndingWith(
            "test.properties is not a known key (did you mean relay.batch-size?)");
  }

  @Test
  void aFileKeyNoDefinitionOfTheCommandHoldsFailsTheStart() throws Exception {
    Settings f = Settings.load(file("relay.slot=a\nworker.group-id=g\n"), Map.of());

    assertThatThrownBy(() -> f.rejectUnknown(List.of(RELAY), List.of(RELAY, WORKER)))
        .hasMessageStartingWith("worker.group-id in ")
        .hasMessageContaining("is not a known key");
  }

  @Test
  void aMistypedVariableFailsNamingItAndTheNearestRealOne() {
    Settings f = Settings.of(Map.of(), Map.of("POSTHORN_RELAY_POLL_INTERVALL", "1s"));

    assertThatThrownBy(() -> f.rejectUnknown(List.of(RELAY), List.of(RELAY, WORKER)))
        .hasMessage(
            "environment variable POSTHORN_RELAY_POLL_INTERVALL is not a Posthorn setting (did you"
                + " mean POSTHORN_RELAY_POLL_INTERVAL?)");
    Settings g = Settings.of(Map.of(), Map.of("POSTHORN_NONSENSE", "x"));
    assertThatThrownBy(() -> g.rejectUnknown(List.of(RELAY), List.of(RELAY, WORKER)))
        .hasMessage("environment variable POSTHORN_NONSENSE is not a Posthorn setting (a typo?)");
  }

  @Test
  void variablesOfOtherComponentsAndOfTheLauncherAreAccepted() {
    Settings f =
        Settings.of(
            Map.of(),
            Map.of(
                "POSTHORN_WORKER_GROUP_ID", "g",
                "POSTHORN_JAVA_OPTS", "-Xmx1g",
                "PATH", "/usr/bin"));

    f.rejectUnknown(List.of(RELAY), List.of(RELAY, WORKER));
  }

  @Test
  void describeSaysWhereEachValueCameFromAndHidesSecrets() throws Exception {
    Settings f =
        Settings.load(
            file("relay.database.url=jdbc:x\nrelay.batch-size=99\n"),
            Map.of("POSTHORN_RELAY_DATABASE_PASSWORD", "s3cret"));

    List<String> lines = f.describe(RELAY);

    assertThat(lines)
        .contains(
            "relay.database.url = jdbc:x  (file " + dir.resolve("test.properties") + ")",
            "relay.database.password = [hidden]  (environment POSTHORN_RELAY_DATABASE_PASSWORD)",
            "relay.batch-size = 99  (file " + dir.resolve("test.properties") + ")",
            "relay.slot = posthorn_relay  (default)",
            "relay.poll-interval = 10ms  (default)")
        .hasSize(RELAY.names().size())
        .noneMatch(l -> l.contains("s3cret"));
  }

  @Test
  void unreadableFileSaysWhich() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> Settings.load(missing, Map.of()))
        .hasMessageContaining(missing.toString());
  }

  private static Map<String, String> required(String key, String value) {
    return Map.of("relay.database.url", "u", "relay.database.password", "", key, value);
  }

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("test.properties"), text);
  }
}
