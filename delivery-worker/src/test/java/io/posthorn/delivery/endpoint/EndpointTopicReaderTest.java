package io.posthorn.delivery.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryException;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EndpointTopicReaderTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TOPIC = "t.endpoints";
  private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

  private final SigningSecretSeal seal =
      SigningSecretSeal.fromBase64(SigningSecretSeal.generateMasterKey());
  private final EndpointConverter documents = new EndpointConverter(seal);
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
  private final List<String> rejected = new CopyOnWriteArrayList<>();
  private final EndpointTopicReader feed =
      new EndpointTopicReader(consumer, TOPIC, documents, (id, why) -> rejected.add(id));
  private Thread thread;

  @AfterEach
  void stop() throws InterruptedException {
    feed.close();
    thread.join(WAIT.toMillis());
  }

  private void start(long endOffset) {
    consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
    consumer.updateBeginningOffsets(Map.of(P0, 0L));
    consumer.updateEndOffsets(Map.of(P0, endOffset));
    thread = Thread.ofPlatform().start(feed);
  }

  private Endpoint endpoint(String id) {
    return Endpoint.simple(id, URI.create("https://hooks.example/" + id), SigningSecret.generate());
  }

  private void put(long offset, String id, byte[] value) {
    consumer.schedulePollTask(
        () ->
            consumer.addRecord(
                new ConsumerRecord<>(
                    TOPIC, 0, offset, id.getBytes(StandardCharsets.UTF_8), value)));
  }

  @Test
  void loadsWhatTheTopicHeldBeforeSayingItIsLoaded() {
    put(0, "ep_1", documents.encode(endpoint("ep_1")));
    put(1, "ep_2", documents.encode(endpoint("ep_2")));
    start(2);

    feed.awaitLoaded(WAIT);

    assertThat(feed.isLoaded()).isTrue();
    assertThat(feed.current().find("ep_1")).isNotNull();
    assertThat(feed.current().find("ep_2")).isNotNull();
  }

  @Test
  void followsChangesAfterLoadingATombstoneRemovesAnEndpoint() {
    put(0, "ep_1", documents.encode(endpoint("ep_1")));
    start(1);
    feed.awaitLoaded(WAIT);

    put(1, "ep_1", null);

    await().atMost(WAIT).until(() -> feed.current().find("ep_1") == null);
  }

  @Test
  void aDocumentThatDoesNotDecodeRemovesTheEndpointAndIsReported() {
    put(0, "ep_1", documents.encode(endpoint("ep_1")));
    put(1, "ep_1", "{not json".getBytes(StandardCharsets.UTF_8));
    start(2);

    feed.awaitLoaded(WAIT);

    assertThat(feed.current().find("ep_1")).isNull();
    assertThat(rejected).containsExactly("ep_1");
  }

  @Test
  void aFeedThatDiesSaysWhyAndStopsTheWaitForTheTable() {
    consumer.setPollException(new KafkaException("the broker said no"));
    start(1);

    assertThatThrownBy(() -> feed.awaitLoaded(WAIT))
        .isInstanceOf(DeliveryException.class)
        .hasMessageContaining("failed while loading");
    assertThat(feed.failure()).hasMessage("the broker said no");
  }
}
