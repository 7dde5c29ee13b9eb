package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.schema.EventRecord;
import io.posthorn.schema.endpoint.DeliveryOrder;
import io.posthorn.schema.endpoint.DeliveryOrder.OnDeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Ordered delivery across a worker killed with SIGKILL while an aggregate's head climbs the ladder
 * in its memory (decision 0045): the next worker re-reads the partition from before the head, so
 * each aggregate still arrives in outbox order; the cost is duplicates of what followed it on the
 * partition (here aggregate B's events).
 */
class OrderedCrashIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final DevStack stack = DevStack.shared();

  /** What the receiver answered, in the order it answered. */
  private record Answer(String eventId, int status) {}

  @Test
  void aWorkerKilledWhileAnAggregateIsHeldBackKeepsEachAggregateInOrder() throws Exception {
    String masterKey = SigningSecretSeal.generateMasterKey();
    String prefix = "ordered-crash-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings =
        WorkerProcess.isolatedSettings(stack.kafka().bootstrapServers(), masterKey, prefix);
    settings.put("worker.retry.ladder", "1s,2s,3s,4s,5s");
    String eventsTopic = settings.get("worker.topic.events");
    stack.kafka().createTopics(Map.of(eventsTopic, 4));
    DeliveryWorker.createTopics(WorkerSettings.parse(settings));
    AtomicBoolean healthy = new AtomicBoolean();
    List<Answer> answers = new CopyOnWriteArrayList<>();
    List<String> a = new CopyOnWriteArrayList<>();
    List<String> b = new CopyOnWriteArrayList<>();
    try (RecordingReceiver receiver = RecordingReceiver.start();
        EndpointTopicWriter writer =
            new EndpointTopicWriter(
                stack.kafka().bootstrapServers(),
                settings.get("worker.topic.endpoints"),
                SigningSecretSeal.fromBase64(masterKey))) {
      receiver.respond(
          r -> {
            String id = r.header("webhook-id");
            int status = id.equals(a.get(0)) && !healthy.get() ? 503 : 200;
            answers.add(new Answer(id, status));
            return ScriptedReply.status(status);
          });
      writer.put(
          Endpoint.simple("ordered", receiver.url("/ordered"), SigningSecret.generate())
              .withOrder(DeliveryOrder.ordered(OnDeadLetter.SKIP)));
      publish(eventsTopic, a, b, 4);

      try (WorkerProcess first = WorkerProcess.start(settings)) {
        first.awaitConsuming(WAIT);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    answers.stream().filter(x -> x.status() == 503).count() >= 2
                        && delivered(answers).containsAll(b));
        first.kill();
      }
      assertThat(delivered(answers))
          .as("nothing of A passed its failing head")
          .doesNotContainAnyElementsOf(a);
      healthy.set(true);
      try (WorkerProcess second = WorkerProcess.start(settings)) {
        second.awaitConsuming(WAIT);
        await().atMost(WAIT).until(() -> delivered(answers).containsAll(a));
      }

      List<String> firsts = new ArrayList<>(new LinkedHashSet<>(delivered(answers)));
      assertThat(delivered(answers))
          .as("the partition was never committed past A's head: B is delivered again after it")
          .hasSizeGreaterThan(a.size() + b.size());
      assertThat(firsts.stream().filter(a::contains).toList()).containsExactlyElementsOf(a);
      assertThat(firsts.stream().filter(b::contains).toList()).containsExactlyElementsOf(b);
      List<String> ofA = answers.stream().map(Answer::eventId).filter(a::contains).toList();
      assertThat(ofA.subList(0, ofA.indexOf(a.get(1))))
          .as("every request before A's second event was A's head")
          .containsOnly(a.get(0));
      System.out.printf(
          "OrderedCrashIT: %d events, %d requests (%d duplicates after kill -9)%n",
          a.size() + b.size(), answers.size(), delivered(answers).size() - a.size() - b.size());
    }
  }

  private static List<String> delivered(List<Answer> answers) {
    return answers.stream().filter(x -> x.status() == 200).map(Answer::eventId).toList();
  }

  /** {@code count} events of aggregate A and of B, interleaved: A1 B1 A2 B2 … */
  private void publish(String topic, List<String> a, List<String> b, int count) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        a.add(send(producer, topic, "order-A"));
        b.add(send(producer, topic, "order-B"));
      }
      producer.flush();
    }
  }

  private static String send(KafkaProducer<byte[], byte[]> producer, String topic, String key) {
    String id = UUID.randomUUID().toString();
    ProducerRecord<byte[], byte[]> r =
        EventRecord.of(
            topic,
            key,
            ("{\"id\":\"" + id + "\",\"aggregateId\":\"" + key + "\"}")
                .getBytes(StandardCharsets.UTF_8),
            id,
            "order.created",
            null,
            null,
            null);
    // One partition for both aggregates: B's delivered events lie past A's held head.
    producer.send(new ProducerRecord<>(r.topic(), 0, r.key(), r.value(), r.headers()));
    return id;
  }
}
