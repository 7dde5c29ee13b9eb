package io.posthorn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.schema.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RelayConfigTest {
  private static final String URL = "jdbc:postgresql://db.internal:6543/shop";
  private static final String PASSWORD = "s3cret-Passw0rd";

  @Test
  void builderDefaultsProduceAValidConfig() {
    RelayConfig config = builder().build();

    assertThat(config.slotName()).isEqualTo("posthorn_relay");
    assertThat(config.publicationName()).isEqualTo("posthorn_outbox");
    assertThat(config.eventsTopic()).isEqualTo(Topics.EVENTS);
    assertThat(config.invalidTopic()).isEqualTo(Topics.EVENTS_INVALID);
    assertThat(config.offsetsTopic()).isEqualTo(Topics.RELAY_OFFSETS);
    assertThat(config.topicPartitions()).isEqualTo(12);
    assertThat(config.topicReplicationFactor()).isEmpty();
    assertThat(config.pollInterval()).isEqualTo(Duration.ofMillis(10));
    assertThat(config.maxBatchSize()).isEqualTo(2048);
    assertThat(config.offsetFlushInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.maxUnackedBatches()).isEqualTo(4);
    assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.watchdogTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.standbyCheckInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsAWatchdogTimeoutShorterThanThreeHeartbeats() {
    assertThatThrownBy(
            () ->
                builder()
                    .heartbeatInterval(Duration.ofSeconds(5))
                    .watchdogTimeout(Duration.ofSeconds(14))
                    .build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessage(
            "relay.watchdog-timeout must be at least 3 x relay.heartbeat-interval (PT5S), got PT14S");
  }

  @Test
  void acceptsZeroUnackedBatches_theWaitForEveryBatchMode() {
    assertThat(builder().maxUnackedBatches(0).build().maxUnackedBatches()).isZero();
  }

  @Test
  void rejectsNegativeUnackedBatches() {
    assertThatThrownBy(() -> builder().maxUnackedBatches(-1).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.max-unacked-batches ");
  }

  @Test
  void rejectsZeroHeartbeatInterval() {
    assertThatThrownBy(() -> builder().heartbeatInterval(Duration.ZERO).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.heartbeat-interval ");
  }

  @Test
  void rejectsMissingShutdownTimeout() {
    assertThatThrownBy(() -> builder().shutdownTimeout(null).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.shutdown-timeout ");
  }

  @Test
  void splitsTheDatabaseUrl() {
    RelayConfig config = builder().build();

    assertThat(config.databaseHost()).isEqualTo("db.internal");
    assertThat(config.databasePort()).isEqualTo(6543);
    assertThat(config.databaseName()).isEqualTo("shop");
  }

  @Test
  void databasePortDefaultsTo5432() {
    RelayConfig config =
        RelayConfig.builder("jdbc:postgresql://db/shop", "relay", PASSWORD, "k:9092").build();

    assertThat(config.databasePort()).isEqualTo(5432);
  }

  @Test
  void rejectsMalformedDatabaseUrl() {
    assertThatThrownBy(
            () -> RelayConfig.builder("postgresql://db/shop", "relay", PASSWORD, "k:9092").build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.database.url ");
  }

  @Test
  void rejectsDatabaseUrlWithoutDatabaseName() {
    assertThatThrownBy(
            () ->
                RelayConfig.builder("jdbc:postgresql://db:5432/", "relay", PASSWORD, "k:9092")
                    .build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.database.url ");
  }

  @Test
  void rejectsSlotWithUppercase() {
    assertThatThrownBy(() -> builder().slotName("Posthorn_Relay").build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.slot ")
        .hasMessageContaining("Posthorn_Relay");
  }

  @Test
  void rejectsSlotWithHyphen() {
    assertThatThrownBy(() -> builder().slotName("posthorn-relay").build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.slot ");
  }

  @Test
  void rejectsBatchSizeZero() {
    assertThatThrownBy(() -> builder().maxBatchSize(0).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.batch-size ")
        .hasMessageEndingWith("got 0");
  }

  @Test
  void rejectsZeroPollInterval() {
    assertThatThrownBy(() -> builder().pollInterval(Duration.ZERO).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.poll-interval ");
  }

  @Test
  void rejectsInvalidTopicEqualToEventsTopic() {
    assertThatThrownBy(() -> builder().invalidTopic(Topics.EVENTS).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessage("relay.topic.invalid must differ from relay.topic.events");
  }

  @Test
  void acceptsEmptyPassword() {
    assertThat(RelayConfig.builder(URL, "relay", "", "k:9092").build().databasePassword())
        .isEmpty();
  }

  @Test
  void rejectsMissingPassword() {
    assertThatThrownBy(() -> RelayConfig.builder(URL, "relay", null, "k:9092").build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.database.password ");
  }

  @Test
  void toStringLeavesThePasswordOut() {
    String text = builder().build().toString();

    assertThat(text).contains("user=relay").doesNotContain(PASSWORD);
  }

  private static RelayConfig.Builder builder() {
    return RelayConfig.builder(URL, "relay", PASSWORD, "kafka:9092");
  }

  @Test
  void rejectsAPortOutsideTheTcpRange() {
    assertThatThrownBy(
            () ->
                RelayConfig.builder("jdbc:postgresql://db:99999/shop", "relay", PASSWORD, "k:9092")
                    .build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.database.url port must be between 1 and 65535");
  }

  @Test
  void rejectsAnOffsetsTopicSharedWithEvents() {
    assertThatThrownBy(() -> builder().offsetsTopic(Topics.EVENTS).build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.topic.offsets");
  }

  @Test
  void refusesAUrlQuery_withoutEchoingAPasswordInIt() {
    assertThatThrownBy(
            () -> RelayConfig.builder(URL + "?password=" + PASSWORD, "relay", "", "k:9092").build())
        .isInstanceOf(RelayConfigException.class)
        .hasMessageStartingWith("relay.database.url must not carry a query")
        .message()
        .doesNotContain(PASSWORD);
  }
}
