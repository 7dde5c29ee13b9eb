package io.posthorn.delivery;

import static io.posthorn.devstack.KafkaHeaders.header;

import io.posthorn.delivery.attempt.AttemptPublisher;
import io.posthorn.delivery.dispatch.HttpDispatcher;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointGate;
import io.posthorn.delivery.retry.RetryLadder;
import io.posthorn.delivery.retry.TaskWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.devstack.ManualClock;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.schema.EventHeaders;
import io.posthorn.schema.task.DeliveryTask;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dns;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A {@link DeliveryPipeline} on real parts except Kafka: a real HTTP receiver on loopback, a real
 * gate and dispatcher, {@link MockProducer}s for the tasks (completed by the test) and the attempt
 * log (completed at once), a {@link ManualClock}, and hand-over retries after 1 ms.
 */
final class PipelineKit implements AutoCloseable {
  static final RetryLadder LADDER = RetryLadder.parse("1m,5m");
  static final String DLQ = "t.dlq";

  final ManualClock clock = new ManualClock();
  final RecordingReceiver receiver = RecordingReceiver.start();
  final EndpointGate gate = new EndpointGate(clock::nanos);
  final MockProducer<byte[], byte[]> tasks =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  final MockProducer<byte[], byte[]> attemptRecords =
      new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
  final RecordingDeliveryListener seen = new RecordingDeliveryListener();

  /** Tasks whose hand-over was abandoned. */
  final List<DeliveryTask> abandoned = new CopyOnWriteArrayList<>();

  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  final HttpDispatcher dispatcher =
      new HttpDispatcher(16, Executors.newVirtualThreadPerTaskExecutor(), clock, Dns.SYSTEM, true);
  final SigningSecret secret = SigningSecret.generate();
  final DeliveryPipeline pipeline;

  PipelineKit(DeliveryListener... more) {
    this(Duration.ofMinutes(1), more);
  }

  PipelineKit(Duration giveUpAfter, DeliveryListener... more) {
    DeliveryListener[] all = new DeliveryListener[more.length + 1];
    System.arraycopy(more, 0, all, 0, more.length);
    all[more.length] = seen;
    DeliveryListener listener = DeliveryListener.all(all);
    HandOver handOver =
        new HandOver(
            scheduler,
            clock,
            new HandOver.Policy(Duration.ofMillis(1), Duration.ofMillis(2), giveUpAfter),
            listener,
            (task, error) -> abandoned.add(task));
    pipeline =
        new DeliveryPipeline(
            gate,
            dispatcher,
            new AttemptPublisher(attemptRecords, "t.attempts"),
            new TaskWriter(tasks, LADDER, "t.retry.", DLQ),
            LADDER,
            LADDER.longest(),
            clock,
            clock::nanos,
            (delay, wake) -> {},
            new EndpointLanes.Limits(Duration.ofSeconds(60), 100, 3),
            listener,
            handOver);
  }

  /**
   * Delivers {@code task} from partition t.events-0; {@code resolved} runs when nothing more can be
   * lost.
   */
  void deliver(Endpoint endpoint, DeliveryTask task, Runnable resolved) {
    pipeline.deliver(
        endpoint, task, new Ticket(new TopicPartition("t.events", 0), new InFlight(), resolved));
  }

  Endpoint endpoint(String id) {
    return Endpoint.simple(id, receiver.url("/" + id), secret);
  }

  static DeliveryTask task(String endpointId, String eventId) {
    return DeliveryTask.fresh(
        new DeliveryTask.Identity(
            endpointId,
            eventId,
            "order.created",
            null,
            null,
            null,
            "{}".getBytes(StandardCharsets.UTF_8),
            new DeliveryTask.Origin("t.events", 0, 7)));
  }

  /** A counter to pass as {@code resolved}. */
  static Runnable counting(AtomicInteger count) {
    return count::incrementAndGet;
  }

  static String deadLetterReason(ProducerRecord<byte[], byte[]> r) {
    return header(r, EventHeaders.DEAD_LETTER_REASON);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    dispatcher.close();
    receiver.close();
  }
}
