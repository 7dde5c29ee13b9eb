package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.attempt.AttemptPublisher;
import io.posthorn.delivery.dispatch.HttpDispatcher;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.retry.TaskWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.attempt.AttemptRecord;
import io.posthorn.schema.attempt.AttemptRecordCodec;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The pipeline's side of the attempt records: a task resolves only once its record is acknowledged,
 * and a record says whether it is the task's last (docs/decisions/0019 and 0020).
 */
@Timeout(20)
class AttemptRecordResolutionTest {
  private static final String ATTEMPTS = "attempts";
  private static final RetryLadder ONE_STEP = new RetryLadder(List.of(Duration.ofMillis(50)));

  private final Clock clock = Clock.systemUTC();
  private final RecordingReceiver receiver = RecordingReceiver.start();
  private final HttpDispatcher dispatcher =
      new HttpDispatcher(4, Executors.newVirtualThreadPerTaskExecutor(), clock, Dns.SYSTEM, true);

  private final java.util.concurrent.ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    dispatcher.close();
    receiver.close();
  }

  private DeliveryPipeline pipeline(MockProducer<byte[], byte[]> producer) {
    return new DeliveryPipeline(
        new EndpointGate(System::nanoTime),
        dispatcher,
        new AttemptPublisher(producer, ATTEMPTS, Duration.ofMillis(1), Duration.ofMillis(4)),
        new TaskWriter(producer, ONE_STEP, "retry.", "dlq"),
        ONE_STEP,
        Duration.ofMillis(50),
        clock,
        System::nanoTime,
        (delay, wake) -> {},
        new EndpointLanes.Limits(Duration.ofSeconds(60), 100, 3),
        DeliveryListener.NONE,
        new HandOver(
            scheduler,
            clock,
            HandOver.Policy.giveUpAfter(Duration.ofMinutes(1)),
            DeliveryListener.NONE,
            (task, error) -> {}));
  }

  private static MockProducer<byte[], byte[]> producer(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static DeliveryTask task() {
    return DeliveryTask.fresh(
        new DeliveryTask.Identity(
            "ep_1",
            "evt_1",
            "order.created",
            "acme",
            null,
            "2026-12-07T10:00:00Z",
            "{}".getBytes(StandardCharsets.UTF_8),
            new DeliveryTask.Origin("posthorn.events", 0, 41)));
  }

  private static List<AttemptRecord> records(MockProducer<byte[], byte[]> producer) {
    return producer.history().stream()
        .filter(r -> r.topic().equals(ATTEMPTS))
        .map(r -> AttemptRecordCodec.decode(r.value()))
        .toList();
  }

  @Test
  void aGivenUpTaskResolvesOnlyOnceItsFinalRecordIsAcknowledged() {
    MockProducer<byte[], byte[]> producer = producer(false);
    AtomicInteger resolved = new AtomicInteger();

    pipeline(producer)
        .deadLetter(
            task(),
            DeadLetterReason.parse("disabled: endpoint ep_1 is disabled"),
            new Ticket(
                new TopicPartition("posthorn.events", 0),
                new InFlight(),
                resolved::incrementAndGet));
    assertThat(producer.history()).extracting(r -> r.topic()).containsExactly(ATTEMPTS, "dlq");
    assertThat(producer.errorNext(new TimeoutException("attempts topic unavailable"))).isTrue();
    assertThat(producer.completeNext()).isTrue(); // the dead letter is acknowledged
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> producer.history().size() == 3); // the record again
    assertThat(resolved).hasValue(0);

    assertThat(producer.completeNext()).isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> resolved.get() == 1);
    AttemptRecord record = records(producer).getLast();
    assertThat(record.outcome()).isEqualTo("rejected");
    assertThat(record.error()).isEqualTo("disabled: endpoint ep_1 is disabled");
    assertThat(record.attempt()).isEqualTo(1);
    assertThat(record.finalAttempt()).isTrue();
    assertThat(record.origin().offset()).isEqualTo(41);
  }

  @Test
  void theSendingSlotIsFreeOnceTheRequestEnded_theTaskResolvesOnlyWithItsRecord() {
    MockProducer<byte[], byte[]> producer = producer(false);
    Endpoint endpoint = Endpoint.simple("ep_1", receiver.url("/ok"), SigningSecret.generate());
    InFlight open = new InFlight();
    AtomicInteger resolved = new AtomicInteger();
    open.started();

    pipeline(producer)
        .deliver(
            endpoint,
            task(),
            new Ticket(new TopicPartition("posthorn.events", 0), open, resolved::incrementAndGet));

    await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
    assertThat(open.sending()).as("the request ended: its slot is back").isZero();
    assertThat(open.acknowledging()).as("its attempt record is not acknowledged").isEqualTo(1);
    assertThat(resolved).as("not resolved before its record is acknowledged").hasValue(0);

    assertThat(producer.completeNext()).isTrue();

    await().atMost(Duration.ofSeconds(5)).until(() -> resolved.get() == 1);
    assertThat(open.acknowledging()).isZero();
  }

  @Test
  void aRetriedAttemptIsNotFinal_theExhaustedOneIs() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    receiver.respond(r -> ScriptedReply.status(503));
    Endpoint endpoint = Endpoint.simple("ep_1", receiver.url("/down"), SigningSecret.generate());
    DeliveryPipeline pipeline = pipeline(producer);

    deliver(pipeline, endpoint, task());
    DeliveryTask retried =
        DeliveryTask.fresh(
                new DeliveryTask.Identity(
                    "ep_1",
                    "evt_1",
                    "order.created",
                    "acme",
                    null,
                    "2026-12-07T10:00:00Z",
                    "{}".getBytes(StandardCharsets.UTF_8),
                    new DeliveryTask.Origin("posthorn.events", 0, 41)))
            .attempted(clock.instant(), 503, "HTTP 503");
    deliver(pipeline, endpoint, retried);

    assertThat(records(producer))
        .extracting(AttemptRecord::attempt, AttemptRecord::outcome, AttemptRecord::finalAttempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "failed", false),
            org.assertj.core.groups.Tuple.tuple(2, "failed", true));
    assertThat(producer.history())
        .extracting(r -> r.topic())
        .containsExactly(ATTEMPTS, "retry.50ms", ATTEMPTS, "dlq");
  }

  @Test
  void aDeliveredAttemptIsFinal() throws Exception {
    MockProducer<byte[], byte[]> producer = producer(true);
    Endpoint endpoint = Endpoint.simple("ep_1", receiver.url("/ok"), SigningSecret.generate());

    deliver(pipeline(producer), endpoint, task());

    assertThat(records(producer))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo("delivered");
              assertThat(r.finalAttempt()).isTrue();
              assertThat(r.finalFailure()).isFalse();
            });
  }

  private static void deliver(DeliveryPipeline pipeline, Endpoint endpoint, DeliveryTask task)
      throws Exception {
    CountDownLatch resolved = new CountDownLatch(1);
    pipeline.deliver(
        endpoint,
        task,
        new Ticket(new TopicPartition("posthorn.events", 0), new InFlight(), resolved::countDown));
    assertThat(resolved.await(10, TimeUnit.SECONDS)).as("resolved").isTrue();
  }
}
