package io.posthorn.e2e.oncall;

import io.posthorn.devstack.DevStack;
import io.posthorn.schema.task.DeadLetterReason;
import io.posthorn.schema.task.DeliveryTask;
import io.posthorn.schema.task.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A dead-letter topic and a redeliveries topic of their own on the shared broker (4 partitions
 * each), filled with dead letters in the worker's record format at chosen dead-lettering times.
 */
public final class DeadLetterTopic {
  private static final AtomicInteger NEXT = new AtomicInteger();

  public final String bootstrap = DevStack.shared().kafka().bootstrapServers();
  public final String dlq;
  public final String redeliveries;

  /** Topics that exist already, such as a pipeline's. */
  public DeadLetterTopic(String dlq, String redeliveries) {
    this.dlq = dlq;
    this.redeliveries = redeliveries;
  }

  DeadLetterTopic() {
    String name =
        "oncall" + NEXT.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    dlq = name + ".dlq";
    redeliveries = name + ".redeliveries";
    DevStack.shared().kafka().createTopics(Map.of(dlq, 4, redeliveries, 4));
  }

  /** One dead letter as the worker writes it. */
  public record Letter(
      String endpoint,
      String type,
      String tenant,
      String reason,
      Instant at,
      int replays,
      String replayId,
      String eventId) {
    public Letter(String endpoint, String type, String tenant, String reason, Instant at) {
      this(endpoint, type, tenant, reason, at, 0, null, UUID.randomUUID().toString());
    }

    Letter replayed(int times, String byReplay) {
      return new Letter(endpoint, type, tenant, reason, at, times, byReplay, eventId);
    }

    public byte[] body() {
      return ("{\"id\":\"" + eventId + "\",\"eventType\":\"" + type + "\",\"payload\":{}}")
          .getBytes(StandardCharsets.UTF_8);
    }

    DeliveryTask task() {
      DeliveryTask fresh =
          DeliveryTask.fresh(
              new DeliveryTask.Identity(
                  endpoint,
                  eventId,
                  type,
                  tenant,
                  null,
                  at.minusSeconds(3600).toString(),
                  body(),
                  new DeliveryTask.Origin("posthorn.events", 1, 42)));
      DeliveryTask t =
          fresh.attempted(at.minusSeconds(600), 503, "HTTP 503").attempted(at, 503, "HTTP 503");
      return new DeliveryTask(
          t.identity(), t.history(), new DeliveryTask.Schedule(null, replays, replayId));
    }
  }

  public void write(List<Letter> letters) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (Letter l : letters) {
        ProducerRecord<byte[], byte[]> r =
            TaskRecord.encode(dlq, l.task(), DeadLetterReason.parse(l.reason()));
        producer
            .send(
                new ProducerRecord<>(
                    dlq, null, l.at().toEpochMilli(), r.key(), r.value(), r.headers()))
            .get();
      }
    }
  }

  /** Every committed record of a topic, read to its end as it stands now. */
  List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
    Map<String, Object> config =
        new HashMap<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false));
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = c.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))
          && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
