package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.schema.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  private static final SigningSecretSeal SEAL =
      SigningSecretSeal.fromBase64(SigningSecretSeal.generateMasterKey());

  @Test
  void builderFillsInDefaults() {
    WorkerConfig config = WorkerConfig.builder("kafka:9092", SEAL).build();

    assertThat(config.groupId()).isEqualTo("posthorn-delivery");
    assertThat(config.eventsTopic()).isEqualTo(Topics.EVENTS);
    assertThat(config.endpointsTopic()).isEqualTo(Topics.ENDPOINTS);
    assertThat(config.retryTopics())
        .containsExactly(
            "posthorn.retry.1m",
            "posthorn.retry.5m",
            "posthorn.retry.30m",
            "posthorn.retry.2h",
            "posthorn.retry.24h");
    assertThat(config.maxInFlight()).isEqualTo(1000);
    assertThat(config.allowPrivateNetworks()).isFalse();
    assertThat(config.retryAfterCap())
        .as("the ladder's longest step")
        .isEqualTo(Duration.ofHours(24));
    assertThat(config.circuitFailureThreshold()).isEqualTo(10);
    assertThat(config.taskTopics()).endsWith(Topics.REDELIVERIES);
  }

  @Test
  void refusesARetryAfterCapBeyondTheLongestStepAndANegativeThreshold() {
    assertThatThrownBy(
            () ->
                WorkerConfig.builder("kafka:9092", SEAL)
                    .retryAfterCap(Duration.ofHours(25))
                    .build())
        .isInstanceOf(WorkerConfigException.class)
        .hasMessage(
            "worker.retry.retry-after-max must be positive and at most the ladder's longest step (PT24H),"
                + " got PT25H");
    assertThatThrownBy(
            () -> WorkerConfig.builder("kafka:9092", SEAL).circuitFailureThreshold(-1).build())
        .isInstanceOf(WorkerConfigException.class)
        .hasMessage("worker.circuit.failure-threshold must be 0 (never open) or more, got -1");
  }

  @Test
  void toStringHidesTheMasterKey() {
    assertThat(WorkerConfig.builder("kafka:9092", SEAL).build().toString())
        .contains("secretKey=***");
  }

  @Test
  void requiresTheMasterKeyNamingTheKey() {
    assertThatThrownBy(() -> WorkerConfig.builder("kafka:9092", null).build())
        .isInstanceOf(WorkerConfigException.class)
        .hasMessageStartingWith("worker.secret-key must be set");
  }

  @Test
  void refusesATierTopicThatCollidesWithTheDeadLetterTopic() {
    assertThatThrownBy(
            () ->
                WorkerConfig.builder("kafka:9092", SEAL)
                    .retryTopicPrefix("dead.")
                    .deadLetterTopic("dead.1m")
                    .build())
        .isInstanceOf(WorkerConfigException.class)
        .hasMessage("worker.topic.retry-prefix tier topic dead.1m collides with another topic");
  }

  @Test
  void refusesAnInFlightBoundOutOfRange() {
    assertThatThrownBy(() -> WorkerConfig.builder("kafka:9092", SEAL).maxInFlight(0).build())
        .isInstanceOf(WorkerConfigException.class)
        .hasMessage("worker.max-in-flight must be between 1 and 100000, got 0");
  }

  @Test
  void takesAScaledLadder() {
    WorkerConfig config =
        WorkerConfig.builder("kafka:9092", SEAL)
            .retryLadder(new RetryLadder(List.of(Duration.ofMillis(100), Duration.ofMillis(500))))
            .build();

    assertThat(config.retryTopics())
        .containsExactly("posthorn.retry.100ms", "posthorn.retry.500ms");
  }
}
