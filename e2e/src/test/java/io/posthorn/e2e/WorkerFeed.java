package io.posthorn.e2e;

import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointConverter;
import io.posthorn.delivery.endpoint.EndpointTopicReader;
import io.posthorn.delivery.signing.SigningSecretSeal;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The worker's own routing-table component reading a {@link RegistryPipeline}'s endpoints topic as
 * a worker does, so a test can see what the workers see of an endpoint after a registry change.
 */
final class WorkerFeed implements AutoCloseable {
  private final EndpointTopicReader feed;
  private final Thread thread;

  WorkerFeed(String bootstrapServers, RegistryPipeline pipeline) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    feed =
        new EndpointTopicReader(
            consumer,
            pipeline.workerConfig.endpointsTopic(),
            new EndpointConverter(SigningSecretSeal.fromBase64(pipeline.masterKey)),
            (id, why) -> {});
    thread = Thread.ofPlatform().daemon().start(feed);
  }

  /** The endpoint as the worker's routing table has it now, or null. */
  Endpoint endpoint(String id) {
    return feed.current().find(id);
  }

  @Override
  public void close() {
    feed.close();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
