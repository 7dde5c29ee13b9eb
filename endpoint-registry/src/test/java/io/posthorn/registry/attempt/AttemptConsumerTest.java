package io.posthorn.registry.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.schema.health.Health;
import java.time.Duration;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.errors.AuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The attempt consumer reports its own death instead of dying silently (issue 20). */
@Timeout(10)
class AttemptConsumerTest {
  private final MockConsumer<byte[], byte[]> kafka = new MockConsumer<>("earliest");

  @Test
  void aConsumerThatDiesReportsFailedNamingTheTopicAndTheCause() {
    AttemptConsumer consumer = new AttemptConsumer(null, kafka, "posthorn.attempts", batch -> {}).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> kafka.subscription().contains("posthorn.attempts"));
    assertThat(consumer.health()).isEqualTo(Health.ready());

    kafka.setPollException(new AuthorizationException("not authorized to read posthorn.attempts"));

    await().atMost(Duration.ofSeconds(5)).until(() -> consumer.health().isFailed());
    assertThat(consumer.health().detail()).contains("posthorn.attempts").contains("not authorized");
    assertThat(kafka.closed()).isTrue();
    consumer.close();
  }

  @Test
  void aConsumerClosedOnPurposeStaysReady() {
    AttemptConsumer consumer = new AttemptConsumer(null, kafka, "posthorn.attempts", batch -> {}).start();
    await().atMost(Duration.ofSeconds(5)).until(() -> kafka.subscription().contains("posthorn.attempts"));

    consumer.close();

    assertThat(kafka.closed()).isTrue();
    assertThat(consumer.health()).isEqualTo(Health.ready());
  }
}
