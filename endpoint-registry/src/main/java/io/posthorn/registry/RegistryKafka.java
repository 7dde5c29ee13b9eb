package io.posthorn.registry;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The registry's Kafka clients, configured in one place. */
final class RegistryKafka {
  private RegistryKafka() {}

  /** The attempt log's consumer: its group, offsets committed by hand after the database commit. */
  static KafkaConsumer<byte[], byte[]> consumer(RegistryConfig config) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            config.attemptsGroupId(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.CLIENT_ID_CONFIG,
            "posthorn-registry-attempts"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Reads single events back by position: no group, nothing committed. */
  static KafkaConsumer<byte[], byte[]> reader(RegistryConfig config) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            1,
            ConsumerConfig.CLIENT_ID_CONFIG,
            "posthorn-registry-events"),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Writes redelivery tasks: idempotent, every write acknowledged by all replicas. */
  static KafkaProducer<byte[], byte[]> producer(RegistryConfig config) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.CLIENT_ID_CONFIG,
            "posthorn-registry-redeliveries"),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }
}
