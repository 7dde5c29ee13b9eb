package io.posthorn.relay;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the offsets topic to tell whether this relay (its engine name, {@code
 * posthorn-relay-<slot>}) has stored a source offset before. Only asked when the slot is missing,
 * to tell a first start from a lost slot.
 */
final class StoredOffsets {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private StoredOffsets() {}

  /** The engine name Debezium stores offsets under; also the engine's {@code name} property. */
  static String engineName(RelayConfig config) {
    return "posthorn-relay-" + config.slotName();
  }

  static boolean exist(RelayConfig config) {
    // Kafka Connect's offset key is the JSON array ["<engine name>", {<source partition>}].
    byte[] keyStart = ("[\"" + engineName(config) + "\",").getBytes(StandardCharsets.UTF_8);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "posthorn-relay-offsets-check-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<PartitionInfo> partitions = consumer.partitionsFor(config.offsetsTopic(), READ_TIMEOUT);
      if (partitions == null || partitions.isEmpty()) {
        return false;
      }
      List<TopicPartition> assigned =
          partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (assigned.stream().anyMatch(tp -> consumer.position(tp, READ_TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new RelayException(
              "reading " + config.offsetsTopic() + " took longer than " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null && startsWith(r.key(), keyStart)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key != null
        && key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}
