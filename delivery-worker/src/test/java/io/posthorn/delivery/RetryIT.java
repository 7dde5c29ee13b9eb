package io.posthorn.delivery;

import static io.posthorn.devstack.KafkaHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.dispatch.AttemptOutcome;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The retry ladder, dead letters and the circuit breaker on the real stack, with the ladder scaled
 * to 1 s … 5 s (the production ladder's shape in seconds). A retry is never early, to the
 * microsecond, and at most 10 % late (room for a loaded 2-core machine, which a 100 ms step would
 * not leave). The ladder tests run the worker on a clock an hour ahead of the machine's: due times
 * come from the injected clock alone, or the retries would wait an hour.
 */
class RetryIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final RetryLadder SCALED = RetryLadder.parse("1s,2s,3s,4s,5s");
  private static final Clock AHEAD = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));

  private static WorkerFixture fixture(UnaryOperator<WorkerConfig.Builder> tune) {
    return new WorkerFixture(b -> tune.apply(b.retryLadder(SCALED)));
  }

  @Test
  void anEndpointThatFailsTwiceGetsExactlyThreeAttemptsAtTheLadderOffsets() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener(AHEAD);
    try (WorkerFixture w = fixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("flaky"));
      AtomicInteger calls = new AtomicInteger();
      w.receiver.respond(
          r -> calls.incrementAndGet() <= 2 ? ScriptedReply.status(503) : ScriptedReply.ok());
      w.start(seen, AHEAD);

      String id = w.publish("order.created", null);

      await()
          .atMost(WAIT)
          .until(
              () ->
                  seen.finished.stream()
                      .anyMatch(f -> f.outcome() instanceof AttemptOutcome.Delivered));
      List<ReceivedRequest> got = w.receiver.requests("/flaky");
      assertThat(got).hasSize(3).allSatisfy(r -> assertThat(r.header("webhook-id")).isEqualTo(id));
      assertGap(got.get(0), got.get(1), SCALED.delay(0));
      assertGap(got.get(1), got.get(2), SCALED.delay(1));
      assertNeverEarly(seen, 3);
      assertThat(seen.retries).hasSize(2);
      assertThat(seen.deadLetterReasons).isEmpty();
    }
  }

  @Test
  void anAlwaysFailingEndpointGetsSixAttemptsThenOneDeadLetterThatSaysWhatHappened() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener(AHEAD);
    try (WorkerFixture w = fixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("down"));
      w.receiver.respond(r -> ScriptedReply.status(500));
      w.start(seen, AHEAD);

      String id = w.publish("order.created", "acme");

      try (TopicReader dlq =
          new TopicReader(w.stack.kafka().bootstrapServers(), w.config.deadLetterTopic())) {
        ConsumerRecord<byte[], byte[]> dead = dlq.readAtLeast(1, WAIT).get(0);
        List<ReceivedRequest> got = w.receiver.requests("/down");
        assertThat(got).hasSize(6);
        for (int i = 0; i < 5; i++) {
          assertGap(got.get(i), got.get(i + 1), SCALED.delay(i));
        }
        assertNeverEarly(seen, 6);
        assertThat(header(dead, EventHeaders.ENDPOINT_ID)).isEqualTo("down");
        assertThat(header(dead, EventHeaders.EVENT_ID)).isEqualTo(id);
        assertThat(header(dead, EventHeaders.EVENT_TYPE)).isEqualTo("order.created");
        assertThat(header(dead, EventHeaders.TENANT_ID)).isEqualTo("acme");
        assertThat(header(dead, EventHeaders.ATTEMPTS)).isEqualTo("6");
        assertThat(Instant.parse(header(dead, EventHeaders.FIRST_ATTEMPT_AT)))
            .isBefore(Instant.parse(header(dead, EventHeaders.LAST_ATTEMPT_AT)));
        assertThat(header(dead, EventHeaders.LAST_STATUS)).isEqualTo("500");
        assertThat(header(dead, EventHeaders.LAST_ERROR)).isEqualTo("HTTP 500");
        assertThat(header(dead, EventHeaders.ORIGIN_TOPIC)).isEqualTo(w.config.eventsTopic());
        assertThat(header(dead, EventHeaders.ORIGIN_PARTITION)).isNotNull();
        assertThat(header(dead, EventHeaders.ORIGIN_OFFSET)).isNotNull();
        assertThat(header(dead, EventHeaders.DEAD_LETTER_REASON))
            .isEqualTo("exhausted: 6 attempts failed, the last with HTTP 500");
        assertThat(new String(dead.value(), StandardCharsets.UTF_8))
            .isEqualTo(got.get(0).bodyText());
        assertThat(seen.deadLetterReasons).hasSize(1);
      }
    }
  }

  @Test
  void retryAfterIsHonouredAndTheSubscribersDirectivesAreObeyedOrRecorded() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w = fixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("busy"));
      w.endpoints.put(w.endpoint("aborting"));
      w.endpoints.put(w.endpoint("leaving"));
      AtomicBoolean busyOnce = new AtomicBoolean();
      w.receiver.respond(
          r ->
              switch (r.path()) {
                case "/busy" ->
                    busyOnce.compareAndSet(false, true)
                        ? new ScriptedReply.Respond(
                            429, Map.of("Retry-After", "2"), "", Duration.ZERO)
                        : ScriptedReply.ok();
                case "/aborting" ->
                    new ScriptedReply.Respond(
                        422, Map.of("webhook-delivery", "abort"), "", Duration.ZERO);
                default ->
                    new ScriptedReply.Respond(
                        200, Map.of("webhook-delivery", "disable"), "", Duration.ZERO);
              });
      w.start(seen);

      w.publish("order.created", null);

      await().atMost(WAIT).until(() -> w.receiver.requests("/busy").size() == 2);
      List<ReceivedRequest> busy = w.receiver.requests("/busy");
      assertGap(busy.get(0), busy.get(1), Duration.ofSeconds(2));
      try (TopicReader dlq =
              new TopicReader(w.stack.kafka().bootstrapServers(), w.config.deadLetterTopic());
          TopicReader attempts =
              new TopicReader(w.stack.kafka().bootstrapServers(), w.config.attemptsTopic())) {
        ConsumerRecord<byte[], byte[]> dead = dlq.readAtLeast(1, WAIT).get(0);
        assertThat(header(dead, EventHeaders.ENDPOINT_ID)).isEqualTo("aborting");
        assertThat(header(dead, EventHeaders.ATTEMPTS)).isEqualTo("1");
        assertThat(header(dead, EventHeaders.DEAD_LETTER_REASON))
            .isEqualTo("aborted: the endpoint answered 422 with webhook-delivery: abort");
        assertThat(attempts.readAtLeast(4, WAIT))
            .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
            .filteredOn(json -> json.contains("\"endpointId\":\"leaving\""))
            .singleElement()
            .asString()
            .contains("\"outcome\":\"delivered\"", "\"disableRequested\":true");
      }
      assertThat(w.receiver.requests("/aborting"))
          .as("an aborted delivery is not retried")
          .hasSize(1);
    }
  }

  @Test
  void aCircuitOpensAfterTheThresholdHoldsDeliveriesWithoutRequestsAndAProbeClosesIt() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w =
        fixture(b -> b.circuitFailureThreshold(3).circuitCoolDown(Duration.ofSeconds(3)))) {
      w.endpoints.put(w.endpoint("unsteady"));
      AtomicBoolean healthy = new AtomicBoolean();
      w.receiver.respond(r -> healthy.get() ? ScriptedReply.ok() : ScriptedReply.status(502));
      w.start(seen);

      Set<String> ids = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        ids.add(w.publish("order.created", null));
      }
      await().atMost(WAIT).until(() -> seen.circuit.equals(List.of("open")));
      String whileOpen = w.publish("order.created", null);
      ids.add(whileOpen);

      await()
          .atMost(WAIT)
          .until(() -> seen.held.stream().anyMatch(h -> h.task().eventId().equals(whileOpen)));
      assertThat(seen.held)
          .filteredOn(h -> h.task().eventId().equals(whileOpen))
          .extracting(RecordingDeliveryListener.Held::holds)
          .containsExactly(1);
      assertThat(w.receiver.requests("/unsteady"))
          .as("no request while the circuit is open")
          .noneMatch(r -> r.header("webhook-id").equals(whileOpen));

      healthy.set(true);
      await().atMost(WAIT).until(() -> delivered(seen).containsAll(ids));
      assertThat(seen.circuit).containsExactly("open", "closed");
      assertThat(seen.parked).as("held in memory, never rewritten to the first tier").isEmpty();
    }
  }

  @Test
  void disablingOrDeletingAnEndpointDeadLettersItsPendingRetries() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w = fixture(UnaryOperator.identity())) {
      w.endpoints.put(w.endpoint("doomed"));
      w.endpoints.put(w.endpoint("removed"));
      w.receiver.respond(r -> ScriptedReply.status(500));
      w.start(seen);

      w.publishMany(3, "order.created");
      await().atMost(WAIT).until(() -> seen.retries.size() >= 6);
      w.endpoints.put(w.endpoint("doomed").withEnabled(false));
      w.endpoints.delete("removed");

      try (TopicReader dlq =
          new TopicReader(w.stack.kafka().bootstrapServers(), w.config.deadLetterTopic())) {
        List<ConsumerRecord<byte[], byte[]>> dead = dlq.readAtLeast(6, WAIT);
        Map<String, List<String>> reasons =
            dead.stream()
                .collect(
                    Collectors.groupingBy(
                        r -> header(r, EventHeaders.ENDPOINT_ID),
                        Collectors.mapping(
                            r -> header(r, EventHeaders.DEAD_LETTER_REASON), Collectors.toList())));
        assertThat(reasons.get("doomed"))
            .hasSize(3)
            .containsOnly("disabled: endpoint doomed is disabled");
        assertThat(reasons.get("removed"))
            .hasSize(3)
            .containsOnly("deleted: endpoint removed no longer exists");
      }
    }
  }

  @Test
  void retriesForAFailingEndpointNeverDelayFirstAttemptsToAHealthyOne() {
    RecordingDeliveryListener seen = new RecordingDeliveryListener();
    try (WorkerFixture w = fixture(b -> b.maxInFlight(20).circuitFailureThreshold(0))) {
      w.endpoints.put(w.endpoint("failing").withTimeout(Duration.ofSeconds(2)).withMaxInFlight(20));
      w.endpoints.put(w.endpoint("healthy"));
      w.receiver.respond(
          r -> r.path().equals("/failing") ? ScriptedReply.stall() : ScriptedReply.ok());
      w.start(seen);

      w.publishMany(40, "order.created");
      await().atMost(WAIT).until(() -> seen.retries.size() + seen.parked.size() >= 40);

      // The failing endpoint's retries now occupy its slots and the retry loop; fresh events must
      // still flow.
      w.publishMany(40, "order.created");
      await().atMost(WAIT).until(() -> w.receiver.requests("/healthy").size() == 80);
      assertThat(seen.startedTo("failing") - seen.finishedTo("failing"))
          .as(
              "the failing endpoint still had requests hanging while the healthy one got everything")
          .isPositive();
    }
  }

  @Test
  void aRedeliveryIsAttemptedWhenDueWithItsOriginalWebhookId() throws Exception {
    try (WorkerFixture w = fixture(UnaryOperator.identity());
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, w.stack.kafka().bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
      w.endpoints.put(w.endpoint("again"));
      w.start(DeliveryListener.NONE);
      DeliveryTask dead =
          DeliveryTask.fresh(
                  new DeliveryTask.Identity(
                      "again",
                      "evt-replayed",
                      "order.created",
                      null,
                      null,
                      "2026-11-21T12:00:00Z",
                      WorkerFixture.utf8("{\"id\":\"evt-replayed\"}"),
                      new DeliveryTask.Origin(w.config.eventsTopic(), 0, 0)))
              .attempted(Instant.now(), 500, "HTTP 500");
      Instant due = Instant.now().plusSeconds(1);

      producer
          .send(TaskRecord.encode(w.config.redeliveriesTopic(), dead.replayed("rp_1", due), null))
          .get();

      await().atMost(WAIT).until(() -> w.receiver.requests("/again").size() == 1);
      ReceivedRequest got = w.receiver.requests("/again").get(0);
      assertThat(got.header("webhook-id")).isEqualTo("evt-replayed");
      assertThat(got.receivedAt()).as("not before it was due").isAfterOrEqualTo(due);
    }
  }

  private static Set<String> delivered(RecordingDeliveryListener seen) {
    return seen.finished.stream()
        .filter(f -> f.outcome() instanceof AttemptOutcome.Delivered)
        .map(f -> f.request().eventId())
        .collect(Collectors.toSet());
  }

  /** The second request came one ladder step after the first: never sooner, at most 10 % later. */
  private static void assertGap(ReceivedRequest first, ReceivedRequest second, Duration step) {
    Duration gap = Duration.between(first.receivedAt(), second.receivedAt());
    assertThat(gap)
        .as("gap after a %s step", step)
        .isBetween(step, step.multipliedBy(11).dividedBy(10));
  }

  /**
   * On the worker's own clock, each attempt started no sooner than its ladder step after the last
   * one ended.
   */
  private static void assertNeverEarly(RecordingDeliveryListener seen, int attempts) {
    assertThat(seen.startedAt).hasSize(attempts);
    assertThat(seen.finished).hasSizeGreaterThanOrEqualTo(attempts - 1);
    for (int i = 1; i < attempts; i++) {
      Instant ended = seen.finished.get(i - 1).at();
      Instant next = seen.startedAt.get(i).at();
      assertThat(next)
          .as(
              "attempt %d, due %s after attempt %d ended at %s",
              i + 1, SCALED.delay(i - 1), i, ended)
          .isAfterOrEqualTo(ended.plus(SCALED.delay(i - 1)));
    }
  }
}
