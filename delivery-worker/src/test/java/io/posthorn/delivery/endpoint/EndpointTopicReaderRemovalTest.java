package io.posthorn.delivery.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The feed on Kafka's MockConsumer: what it tells the worker when an endpoint leaves the table. */
class EndpointTopicReaderRemovalTest {
  private static final String TOPIC = "endpoints";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SigningSecretSeal seal =
      SigningSecretSeal.fromBase64(SigningSecretSeal.generateMasterKey());
  private final EndpointConverter documents = new EndpointConverter(seal);
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final List<String> removed = new CopyOnWriteArrayList<>();

  @Test
  void anEndpointDeletedOrNoLongerReadableIsReportedRemovedOnceTheTableNoLongerHasIt() {
    consumer.updatePartitions(
        TOPIC, List.of(new PartitionInfo(TOPIC, 0, Node.noNode(), new Node[0], new Node[0])));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, 2L));
    EndpointTopicReader feed =
        new EndpointTopicReader(consumer, TOPIC, documents, (id, reason) -> {}, removed::add);
    consumer.schedulePollTask(
        () -> {
          consumer.addRecord(record(0, "kept", documents.encode(endpoint("kept"))));
          consumer.addRecord(record(1, "goes", documents.encode(endpoint("goes"))));
        });
    Thread thread = Thread.ofPlatform().start(feed);
    try {
      feed.awaitLoaded(WAIT);
      assertThat(feed.current().size()).isEqualTo(2);

      consumer.schedulePollTask(
          () -> {
            consumer.addRecord(record(2, "goes", null));
            consumer.addRecord(record(3, "never-seen", null));
            consumer.addRecord(
                record(4, "kept", "{not a document".getBytes(StandardCharsets.UTF_8)));
          });

      await().atMost(WAIT).until(() -> feed.current().size() == 0);
      assertThat(removed)
          .as("a tombstone for an unknown id removes nothing")
          .containsExactlyInAnyOrder("goes", "kept");
    } finally {
      feed.close();
      await().atMost(WAIT).until(() -> !thread.isAlive());
    }
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key, byte[] value) {
    return new ConsumerRecord<>(TOPIC, 0, offset, key.getBytes(StandardCharsets.UTF_8), value);
  }

  private static Endpoint endpoint(String id) {
    return Endpoint.simple(id, URI.create("https://x.test/" + id), SigningSecret.generate());
  }
}
