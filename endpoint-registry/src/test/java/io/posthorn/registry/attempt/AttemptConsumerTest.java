package io.posthorn.registry.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.attempt.AttemptRecordCodec;
import io.posthorn.schema.health.Health;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The attempt consumer reports its own death, and a database it cannot write, instead of staying
 * silent (issue 20).
 */
@Timeout(10)
class AttemptConsumerTest {
  private final MockConsumer<byte[], byte[]> kafka = new MockConsumer<>("earliest");

  @Test
  void aConsumerThatDiesReportsFailedNamingTheTopicAndTheCause() {
    AttemptConsumer consumer =
        new AttemptConsumer(null, kafka, "posthorn.attempts", batch -> {}).start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> kafka.subscription().contains("posthorn.attempts"));
    assertThat(consumer.health()).isEqualTo(Health.ready());

    kafka.setPollException(new AuthorizationException("not authorized to read posthorn.attempts"));

    await().atMost(Duration.ofSeconds(5)).until(() -> consumer.health().isFailed());
    assertThat(consumer.health().detail()).contains("posthorn.attempts").contains("not authorized");
    assertThat(kafka.closed()).isTrue();
    consumer.close();
  }

  @Test
  void aBatchTheDatabaseRefusesMakesItNotReady_neverFailed() {
    TopicPartition tp = new TopicPartition("posthorn.attempts", 0);
    AttemptRecord attempt =
        new AttemptRecord(
            "evt_1",
            "order.created",
            "ep_1",
            null,
            1,
            Instant.parse("2026-12-07T10:00:00Z"),
            Duration.ofMillis(3),
            "gone",
            410,
            "HTTP 410",
            "",
            true,
            new DeliveryTask.Origin("posthorn.events", 0, 1),
            true);
    kafka.schedulePollTask(
        () -> {
          kafka.rebalance(List.of(tp));
          kafka.updateBeginningOffsets(Map.of(tp, 0L));
          kafka.addRecord(
              new ConsumerRecord<>(
                  tp.topic(), 0, 0, new byte[0], AttemptRecordCodec.encode(attempt)));
        });
    Jdbi unreachable =
        Jdbi.create("jdbc:postgresql://127.0.0.1:1/registry?connectTimeout=1", "postgres", "");
    AttemptConsumer consumer =
        new AttemptConsumer(unreachable, kafka, "posthorn.attempts", batch -> {}).start();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> consumer.health().status() == Health.Status.STARTING);

    assertThat(consumer.health().detail()).contains("cannot store").contains("posthorn.attempts");
    consumer.close();
  }

  @Test
  void aConsumerClosedOnPurposeStaysReady() {
    AttemptConsumer consumer =
        new AttemptConsumer(null, kafka, "posthorn.attempts", batch -> {}).start();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> kafka.subscription().contains("posthorn.attempts"));

    consumer.close();

    assertThat(kafka.closed()).isTrue();
    assertThat(consumer.health()).isEqualTo(Health.ready());
  }
}
