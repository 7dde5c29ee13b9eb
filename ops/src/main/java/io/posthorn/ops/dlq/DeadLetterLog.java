package io.posthorn.ops.dlq;

import io.posthorn.ops.KafkaOptions;
import io.posthorn.ops.OpsException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a slice of the dead-letter topic: per partition from a start offset up to (not including)
 * an end offset fixed before reading, so records written meanwhile — a replay's own failures among
 * them — are never part of the slice. Reads committed records only. Time bounds become offsets
 * through {@code offsetsForTimes}, so {@code --since} seeks instead of scanning from the beginning.
 * Not thread-safe: one command's thread.
 */
final class DeadLetterLog implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(200);

  /** Sees each record of the slice in offset order per partition; returns false to stop reading. */
  interface Visitor {
    boolean visit(ConsumerRecord<byte[], byte[]> record);
  }

  private final KafkaOptions kafka;
  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;

  /**
   * @param groupId the group whose committed offsets a replay keeps, or {@code null} to read
   *     without one
   */
  DeadLetterLog(KafkaOptions kafka, String topic, String groupId) {
    this.kafka = kafka;
    this.topic = topic;
    this.partitions =
        kafka.requireTopic(topic, "the dead-letter topic").partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    Map<String, Object> config = kafka.clientConfig();
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    if (groupId != null) {
      config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    }
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  String topic() {
    return topic;
  }

  List<TopicPartition> partitions() {
    return partitions;
  }

  /**
   * Per partition, the first offset dead-lettered at or after {@code since} (the beginning when
   * null).
   */
  Map<TopicPartition, Long> starts(Instant since) {
    return guarded(
        () -> {
          if (since == null) {
            return consumer.beginningOffsets(partitions);
          }
          Map<TopicPartition, Long> query = new HashMap<>();
          partitions.forEach(tp -> query.put(tp, since.toEpochMilli()));
          Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
          Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
          Map<TopicPartition, Long> out = new HashMap<>();
          partitions.forEach(
              tp -> out.put(tp, found.get(tp) == null ? ends.get(tp) : found.get(tp).offset()));
          return out;
        });
  }

  /**
   * Per partition, the end of the slice: the last committed offset now, or earlier when the first
   * record dead-lettered at or after {@code until} comes before it.
   */
  Map<TopicPartition, Long> ends(Instant until) {
    return guarded(
        () -> {
          Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
          if (until != null) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, until.toEpochMilli()));
            consumer
                .offsetsForTimes(query)
                .forEach(
                    (tp, at) -> {
                      if (at != null) {
                        ends.merge(tp, at.offset(), Math::min);
                      }
                    });
          }
          return ends;
        });
  }

  /** The group's committed offsets, waiting for any pending transactional commit to settle. */
  Map<TopicPartition, OffsetAndMetadata> committed() {
    return guarded(() -> consumer.committed(Set.copyOf(partitions)));
  }

  ConsumerGroupMetadata groupMetadata() {
    return consumer.groupMetadata();
  }

  /**
   * Reads every partition from {@code from} up to {@code to}; returns true when all were read to
   * the end, false when the visitor stopped early.
   */
  boolean scan(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, Visitor visitor) {
    List<TopicPartition> open =
        partitions.stream() // a partition added after a replay's plan is not in it
            .filter(tp -> from.containsKey(tp) && to.containsKey(tp) && from.get(tp) < to.get(tp))
            .toList();
    consumer.assign(open);
    open.forEach(tp -> consumer.seek(tp, from.get(tp)));
    long stalledSince = System.nanoTime();
    while (!consumer.assignment().isEmpty()) {
      var records = guarded(() -> consumer.poll(POLL));
      for (ConsumerRecord<byte[], byte[]> r : records) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        if (r.offset() < to.get(tp) && !visitor.visit(r)) {
          return false;
        }
      }
      List<TopicPartition> done =
          consumer.assignment().stream()
              .filter(tp -> guarded(() -> consumer.position(tp)) >= to.get(tp))
              .toList();
      if (!records.isEmpty() || !done.isEmpty()) {
        stalledSince = System.nanoTime();
      } else if (System.nanoTime() - stalledSince > kafka.timeout().toNanos()) {
        throw new OpsException(
            "reading "
                + topic
                + " made no progress for "
                + kafka.timeout().toSeconds()
                + " s: is Kafka at "
                + kafka.bootstrap()
                + " still reachable?");
      }
      if (!done.isEmpty()) {
        List<TopicPartition> left =
            consumer.assignment().stream().filter(tp -> !done.contains(tp)).toList();
        consumer.assign(left);
      }
    }
    return true;
  }

  private <T> T guarded(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (TimeoutException e) {
      throw kafka.unreachable();
    }
  }

  @Override
  public void close() {
    consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
