package io.posthorn.delivery.endpoint;

import io.posthorn.delivery.DeliveryException;
import io.posthorn.delivery.signing.SigningSecretSeal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes endpoint documents straight to the endpoints topic, for the dev stack and tests. In
 * production the registry's table reaches the topic through the relay instead. Each call returns
 * once Kafka acknowledged the write.
 */
public final class EndpointTopicWriter implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;
  private final EndpointConverter documents;

  public EndpointTopicWriter(String bootstrapServers, String topic, SigningSecretSeal seal) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.topic = topic;
    this.documents = new EndpointConverter(seal);
  }

  public void put(Endpoint endpoint) {
    send(endpoint.id(), documents.encode(endpoint));
  }

  /** Writes the tombstone that deletes the endpoint. */
  public void delete(String endpointId) {
    send(endpointId, null);
  }

  /** Writes a raw value, for tests of malformed documents. */
  public void putRaw(String endpointId, byte[] value) {
    send(endpointId, value);
  }

  private void send(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
    } catch (ExecutionException e) {
      throw new DeliveryException("writing endpoint " + key + " to " + topic, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted while writing endpoint " + key, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
