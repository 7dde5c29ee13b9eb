package io.posthorn.delivery.attempt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.attempt.AttemptRecordCodec;
import io.posthorn.schema.task.DeliveryTask;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class AttemptPublisherTest {
  private static final AttemptRecord GONE =
      new AttemptRecord(
          "evt_1",
          "order.created",
          "ep_1",
          "acme",
          1,
          Instant.parse("2026-12-07T10:00:00Z"),
          Duration.ofMillis(12),
          "gone",
          410,
          "HTTP 410",
          "",
          true,
          new DeliveryTask.Origin("posthorn.events", 0, 7),
          true);

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final AttemptPublisher log =
      new AttemptPublisher(
          producer, "posthorn.attempts", Duration.ofMillis(1), Duration.ofMillis(4));

  @Test
  void aRecordKafkaRefusesIsSentAgainUntilAcknowledged_neverDropped() {
    CompletableFuture<Void> acked = log.record(GONE);
    for (int refusal = 1; refusal <= 3; refusal++) {
      int sends = refusal;
      await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == sends);
      assertThat(producer.errorNext(new TimeoutException("expired after delivery.timeout.ms")))
          .isTrue();
      assertThat(acked).isNotDone();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 4);
    assertThat(log.waiting()).isEqualTo(1);

    assertThat(producer.completeNext()).isTrue();

    assertThat(acked).isCompleted();
    assertThat(log.waiting()).isZero();
    assertThat(producer.history())
        .allSatisfy(
            r -> {
              assertThat(r.topic()).isEqualTo("posthorn.attempts");
              assertThat(new String(r.key())).isEqualTo("ep_1");
              assertThat(AttemptRecordCodec.decode(r.value())).isEqualTo(GONE);
            });
  }

  @Test
  void theFutureCompletesOnlyWhenKafkaAcknowledges() {
    CompletableFuture<Void> acked = log.record(GONE);
    assertThat(acked).isNotDone();

    producer.completeNext();

    assertThat(acked).isCompleted();
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void aClosedProducerFailsTheFutureSoTheTaskStaysUnresolved() {
    producer.close();

    assertThat(log.record(GONE)).isCompletedExceptionally();
  }

  @Test
  void theBackoffDoublesUpToItsCap() {
    AttemptPublisher real = new AttemptPublisher(producer, "t");

    assertThat(real.backoff(0)).isEqualTo(Duration.ofMillis(100));
    assertThat(real.backoff(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(real.backoff(8)).isEqualTo(Duration.ofMillis(25_600));
    assertThat(real.backoff(9)).isEqualTo(Duration.ofSeconds(30));
    assertThat(real.backoff(1000)).isEqualTo(Duration.ofSeconds(30));
  }
}
