package io.posthorn.delivery;

import static io.posthorn.delivery.PipelineKit.deadLetterReason;
import static io.posthorn.delivery.PipelineKit.task;
import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.dispatch.AttemptSpanId;
import io.posthorn.delivery.dispatch.DeliveryRequest;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

@Timeout(30)
class DeliveryPipelineTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void theAttemptsWorkLogsWithTheEventAndEndpointIdsOnBothSidesOfTheHttpCall() {
    List<String> contexts = new CopyOnWriteArrayList<>();
    DeliveryListener mdc =
        new DeliveryListener() {
          @Override
          public void attemptStarted(DeliveryRequest request) {
            contexts.add("started " + MDC.get("event_id") + " " + MDC.get("endpoint_id"));
          }

          @Override
          public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
            contexts.add("finished " + MDC.get("event_id") + " " + MDC.get("endpoint_id"));
          }
        };
    try (PipelineKit kit = new PipelineKit(mdc)) {
      kit.receiver.respond(r -> ScriptedReply.status(204));

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), () -> {});

      await().atMost(WAIT).until(() -> contexts.size() == 2);
      assertThat(contexts).containsExactly("started ev-1 ep", "finished ev-1 ep");
      assertThat(MDC.get("event_id")).as("cleared after the work").isNull();
    }
  }

  @Test
  void theWebhooksTraceparentNamesTheSpanIdAListenerOfferedInAttemptStarted() {
    DeliveryListener tracer =
        new DeliveryListener() {
          @Override
          public void attemptStarted(DeliveryRequest request) {
            AttemptSpanId.offer(request, "00f067aa0ba902b7");
          }
        };
    try (PipelineKit kit = new PipelineKit(tracer)) {
      kit.receiver.respond(r -> ScriptedReply.status(204));
      DeliveryTask traced =
          DeliveryTask.fresh(
              new DeliveryTask.Identity(
                  "ep",
                  "ev-1",
                  "order.created",
                  null,
                  "4bf92f3577b34da6a3ce929d0e0e4736",
                  null,
                  "{}".getBytes(StandardCharsets.UTF_8),
                  new DeliveryTask.Origin("t.events", 0, 7)));

      kit.deliver(kit.endpoint("ep"), traced, () -> {});

      await().atMost(WAIT).until(() -> kit.receiver.requests().size() == 1);
      assertThat(kit.receiver.requests().getFirst().header("traceparent"))
          .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }
  }

  @Test
  void aHandOverKafkaRefusesIsWrittenAgainUntilTakenThenResolvedExactlyOnce() {
    try (PipelineKit kit = new PipelineKit()) {
      kit.receiver.respond(r -> ScriptedReply.status(503));
      AtomicInteger resolved = new AtomicInteger();

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), resolved::incrementAndGet);
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.errorNext(new TimeoutException("broker away"));
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 2);
      assertThat(resolved).as("not resolved while Kafka has not taken it").hasValue(0);
      kit.tasks.completeNext();

      await().atMost(WAIT).untilAsserted(() -> assertThat(resolved).hasValue(1));
      assertThat(kit.tasks.history())
          .extracting(r -> r.topic())
          .containsExactly("t.retry.1m", "t.retry.1m");
      assertThat(kit.seen.retries).hasSize(1);
      assertThat(kit.abandoned).isEmpty();
    }
  }

  @Test
  void aHandOverRefusedForLongerThanTheBoundIsAbandonedAndNeverResolved() {
    try (PipelineKit kit = new PipelineKit(Duration.ofMinutes(1))) {
      kit.receiver.respond(r -> ScriptedReply.status(503));
      AtomicInteger resolved = new AtomicInteger();

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), resolved::incrementAndGet);
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.errorNext(new TimeoutException("broker away"));
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 2);
      kit.clock.advance(Duration.ofMinutes(1));
      kit.tasks.errorNext(new TimeoutException("still away"));

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(kit.abandoned)
                      .extracting(DeliveryTask::eventId)
                      .containsExactly("ev-1"));
      assertThat(kit.tasks.history()).as("no write after giving up").hasSize(2);
      assertThat(resolved).as("never resolved: the offset must not pass it").hasValue(0);
    }
  }

  @Test
  void aRefusalThatRetryingCannotCureIsAbandonedAtOnce() {
    try (PipelineKit kit = new PipelineKit()) {
      kit.receiver.respond(r -> ScriptedReply.status(503));
      AtomicInteger resolved = new AtomicInteger();

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), resolved::incrementAndGet);
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.errorNext(new RecordTooLargeException("too big"));

      await().atMost(WAIT).untilAsserted(() -> assertThat(kit.abandoned).hasSize(1));
      assertThat(kit.tasks.history()).hasSize(1);
      assertThat(resolved).hasValue(0);
    }
  }

  @Test
  void aRefusalWhileTheWorkerClosesIsNotReportedAsAFailure() {
    try (PipelineKit kit = new PipelineKit()) {
      kit.receiver.respond(r -> ScriptedReply.status(503));
      AtomicInteger resolved = new AtomicInteger();

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), resolved::incrementAndGet);
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.scheduler.shutdownNow(); // what DeliveryWorker.close() does before closing the producer
      kit.tasks.errorNext(
          new IllegalStateException("Cannot perform operation after producer has been closed"));

      assertThat(kit.abandoned).as("a clean stop is not a failure").isEmpty();
      assertThat(resolved).as("still never resolved: the next owner delivers it").hasValue(0);
    }
  }

  @Test
  void aListenerThatThrowsNeverKeepsADeliveryFromResolving() {
    DeliveryListener throwing =
        new DeliveryListener() {
          @Override
          public void attemptStarted(DeliveryRequest request) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void attemptFinished(DeliveryRequest request, AttemptOutcome outcome) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void retryScheduled(DeliveryTask task, int tier) {
            throw new IllegalStateException("listener bug");
          }
        };
    try (PipelineKit kit = new PipelineKit(throwing)) {
      AtomicInteger delivered = new AtomicInteger();
      AtomicInteger retried = new AtomicInteger();

      kit.deliver(kit.endpoint("ok"), task("ok", "ev-1"), delivered::incrementAndGet);
      await().atMost(WAIT).untilAsserted(() -> assertThat(delivered).hasValue(1));
      kit.receiver.respond(r -> ScriptedReply.status(503));
      kit.deliver(kit.endpoint("down"), task("down", "ev-2"), retried::incrementAndGet);
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.completeNext();

      await().atMost(WAIT).untilAsserted(() -> assertThat(retried).hasValue(1));
      assertThat(kit.seen.finished)
          .as("the listeners after the throwing one still hear every event")
          .hasSize(2);
      assertThat(kit.seen.retries).hasSize(1);
      assertThat(kit.gate.inFlight("ok")).isZero();
    }
  }

  @Test
  void resolvedRunsBeforeTheListenersHearOfTheHandOver() {
    List<String> order = new CopyOnWriteArrayList<>();
    DeliveryListener listener =
        new DeliveryListener() {
          @Override
          public void retryScheduled(DeliveryTask task, int tier) {
            order.add("announced");
          }
        };
    try (PipelineKit kit = new PipelineKit(listener)) {
      kit.receiver.respond(r -> ScriptedReply.status(503));

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), () -> order.add("resolved"));
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.completeNext();

      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(order).containsExactly("resolved", "announced"));
    }
  }

  @Test
  void aRequestThatCannotBeBuiltReturnsItsSlotAndIsDeadLetteredWithTheCause() {
    try (PipelineKit kit = new PipelineKit()) {
      Endpoint broken = kit.endpoint("broken").withMaxInFlight(1);
      broken =
          new Endpoint(
              broken.id(),
              null,
              URI.create("ftp://hooks.example/in"),
              true,
              broken.eventTypes(),
              broken.secrets(),
              broken.timeout(),
              1,
              0,
              broken.headers(),
              true);
      AtomicInteger resolved = new AtomicInteger();

      kit.deliver(broken, task("broken", "ev-1"), resolved::incrementAndGet);
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.completeNext();

      await().atMost(WAIT).untilAsserted(() -> assertThat(resolved).hasValue(1));
      assertThat(kit.gate.inFlight("broken")).as("the slot is returned").isZero();
      assertThat(kit.tasks.history().getFirst().topic()).isEqualTo(PipelineKit.DLQ);
      assertThat(deadLetterReason(kit.tasks.history().getFirst()))
          .startsWith(
              "rejected: the worker could not build the request: java.lang.IllegalArgumentException");
      assertThat(kit.receiver.count()).isZero();
    }
  }

  @Test
  void aDeadLetterParkedAfterAnHttp500KeepsTheFailureAndTheParkReason() {
    try (PipelineKit kit = new PipelineKit()) {
      kit.receiver.respond(r -> ScriptedReply.status(500));
      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), () -> {});
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 1);
      kit.tasks.completeNext();
      DeliveryTask failed = TaskRecord.decode(consumed(kit.tasks.history().get(0)));

      kit.pipeline.park(failed, "the endpoint's circuit is open", ticket());
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 2);
      kit.tasks.completeNext();
      DeliveryTask parked = TaskRecord.decode(consumed(kit.tasks.history().get(1)));
      kit.pipeline.deleted(parked, ticket());
      await().atMost(WAIT).until(() -> kit.tasks.history().size() == 3);
      kit.tasks.completeNext();

      var dead = kit.tasks.history().get(2);
      assertThat(dead.topic()).isEqualTo(PipelineKit.DLQ);
      assertThat(deadLetterReason(dead)).startsWith("deleted:");
      assertThat(header(dead, EventHeaders.LAST_STATUS)).isEqualTo("500");
      assertThat(header(dead, EventHeaders.LAST_ERROR))
          .as("the failure that came before the park")
          .isEqualTo(failed.history().lastError())
          .contains("500");
      assertThat(header(dead, EventHeaders.PARKED_REASON))
          .isEqualTo("the endpoint's circuit is open");
      assertThat(header(dead, EventHeaders.ATTEMPTS)).isEqualTo("1");
    }
  }

  private static Ticket ticket() {
    return new Ticket(new TopicPartition("t.retry.1m", 0), new InFlight(), () -> {});
  }

  private static ConsumerRecord<byte[], byte[]> consumed(ProducerRecord<byte[], byte[]> r) {
    return new ConsumerRecord<>(
        r.topic(),
        0,
        0,
        0L,
        TimestampType.CREATE_TIME,
        0,
        0,
        r.key(),
        r.value(),
        r.headers(),
        Optional.empty());
  }

  @Test
  void aDeliveredTaskResolvesOnceWithoutTouchingKafka() {
    try (PipelineKit kit = new PipelineKit()) {
      AtomicInteger resolved = new AtomicInteger();

      kit.deliver(kit.endpoint("ep"), task("ep", "ev-1"), resolved::incrementAndGet);

      await().atMost(WAIT).untilAsserted(() -> assertThat(resolved).hasValue(1));
      assertThat(kit.tasks.history()).isEmpty();
      assertThat(kit.attemptRecords.history()).hasSize(1);
      assertThat(kit.receiver.requests())
          .singleElement()
          .satisfies(r -> assertThat(r.header("webhook-id")).isEqualTo("ev-1"));
    }
  }
}
