package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.DeliveryWorker;
import io.posthorn.delivery.WorkerConfig;
import io.posthorn.delivery.WorkerSettings;
import io.posthorn.delivery.endpoint.Endpoint;
import io.posthorn.delivery.endpoint.EndpointTopicWriter;
import io.posthorn.delivery.signing.SigningSecret;
import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.ReceivedRequest;
import io.posthorn.devstack.RecordingReceiver;
import io.posthorn.devstack.ScriptedReply;
import io.posthorn.devstack.TopicReader;
import io.posthorn.schema.EventRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Workers as real processes, killed with SIGKILL: what a crash may cost is duplicates, never a
 * delivery.
 */
class WorkerCrashIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private final DevStack stack = DevStack.shared();

  @Test
  void killingOneOfTwoWorkersMidStreamLosesNoEventEndpointPair() throws Exception {
    int events = 600;
    int endpoints = 6;
    Setup s = new Setup("crash-fanout");
    try (RecordingReceiver receiver = RecordingReceiver.start();
        EndpointTopicWriter writer = s.endpointWriter()) {
      receiver.respond(r -> ScriptedReply.delayed(200, Duration.ofMillis(5)));
      SigningSecret secret = SigningSecret.generate();
      for (int i = 0; i < endpoints; i++) {
        writer.put(Endpoint.simple("ep" + i, receiver.url("/ep" + i), secret));
      }
      List<String> ids = s.publish(events);
      s.settings.put("metrics.port", "0");
      // A request that times out while the workers warm up is retried in a second, not after the
      // default ladder's first minute: this test is about the crash, not the ladder.
      s.settings.put("worker.retry.ladder", "1s,2s,5s");

      try (WorkerProcess survivor = WorkerProcess.start(s.settings);
          WorkerProcess victim = WorkerProcess.start(s.settings)) {
        survivor.awaitConsuming(WAIT);
        victim.awaitConsuming(WAIT);
        await().atMost(WAIT).until(() -> receiver.count() >= events * endpoints / 4);
        victim.kill();

        await().atMost(WAIT).until(() -> pairs(receiver).size() == events * endpoints);
        assertThat(survivor.scrapeMetrics())
            .as("the survivor's meters, as Prometheus reads them")
            .containsPattern(
                "posthorn_worker_deliveries_total\\{component=\"worker\",outcome=\"delivered\","
                    + "status_class=\"2xx\"} [1-9]")
            .contains(
                "posthorn_worker_tier_lag_milliseconds",
                "kafka_consumer_fetch_manager_records_lag_max");
      }
      Set<String> published = new HashSet<>(ids);
      List<ReceivedRequest> all = receiver.requests();
      assertThat(all)
          .as("every request carries a webhook-id we published; a duplicate carries the same one")
          .allSatisfy(r -> assertThat(published).contains(r.header("webhook-id")));
      System.out.printf(
          "WorkerCrashIT: %d pairs, %d requests, %d duplicates after kill -9%n",
          events * endpoints, all.size(), all.size() - events * endpoints);
    }
  }

  @Test
  void aWorkerKilledWithTasksInEveryTierLosesNoneOfThem() throws Exception {
    Setup s = new Setup("crash-tiers");
    s.settings.put("worker.retry.ladder", "1s,2s,3s,4s,5s");
    s.settings.put("worker.circuit.failure-threshold", "0");
    WorkerConfig config = WorkerSettings.parse(s.settings);
    AtomicBoolean healthy = new AtomicBoolean();
    try (RecordingReceiver receiver = RecordingReceiver.start();
        EndpointTopicWriter writer = s.endpointWriter();
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafka().bootstrapServers()))) {
      receiver.respond(r -> healthy.get() ? ScriptedReply.ok() : ScriptedReply.status(503));
      writer.put(Endpoint.simple("flaky", receiver.url("/flaky"), SigningSecret.generate()));
      List<String> ids = new CopyOnWriteArrayList<>();
      try (WorkerProcess first = WorkerProcess.start(s.settings)) {
        first.awaitConsuming(WAIT);
        // A steady trickle of failing events climbs the ladder until every tier holds tasks.
        await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  ids.addAll(s.publish(1));
                  return pendingPerTier(admin, config).values().stream().allMatch(n -> n > 0);
                });
        first.kill();
      }
      healthy.set(true);
      try (WorkerProcess second = WorkerProcess.start(s.settings)) {
        second.awaitConsuming(WAIT);
        await()
            .atMost(WAIT)
            .until(
                () ->
                    receiver.requests("/flaky").stream()
                        .map(r -> r.header("webhook-id"))
                        .collect(Collectors.toSet())
                        .containsAll(ids));
      }
      try (TopicReader dlq =
          new TopicReader(stack.kafka().bootstrapServers(), config.deadLetterTopic())) {
        assertThat(dlq.readUntil(seen -> !seen.isEmpty(), Duration.ofSeconds(2)))
            .as("nothing was given up")
            .isEmpty();
      }
      System.out.printf("WorkerCrashIT: %d events, all delivered after the kill%n", ids.size());
    }
  }

  /** Tier topic → records written and not yet committed by the retry group. */
  private static Map<String, Long> pendingPerTier(Admin admin, WorkerConfig config)
      throws Exception {
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (String tier : config.retryTopics()) {
      for (int p = 0; p < config.topicPartitions(); p++) {
        ends.put(new TopicPartition(tier, p), OffsetSpec.latest());
      }
    }
    var latest = admin.listOffsets(ends).all().get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(config.groupId() + DeliveryWorker.RETRY_GROUP_SUFFIX)
            .partitionsToOffsetAndMetadata()
            .get();
    return latest.entrySet().stream()
        .collect(
            Collectors.groupingBy(
                e -> e.getKey().topic(),
                Collectors.summingLong(
                    e -> {
                      OffsetAndMetadata c = committed.get(e.getKey());
                      return e.getValue().offset() - (c == null ? 0 : c.offset());
                    })));
  }

  private static Set<String> pairs(RecordingReceiver receiver) {
    return receiver.requests().stream()
        .map(r -> r.path() + " " + r.header("webhook-id"))
        .collect(Collectors.toSet());
  }

  /** One isolated worker group: settings, topics, a publisher. */
  private final class Setup {
    final String masterKey = SigningSecretSeal.generateMasterKey();
    final Map<String, String> settings;
    final String eventsTopic;

    Setup(String name) {
      String prefix = name + "-" + UUID.randomUUID().toString().substring(0, 8);
      settings =
          WorkerProcess.isolatedSettings(stack.kafka().bootstrapServers(), masterKey, prefix);
      eventsTopic = settings.get("worker.topic.events");
      stack.kafka().createTopics(Map.of(eventsTopic, 4));
      DeliveryWorker.createTopics(WorkerSettings.parse(settings));
    }

    EndpointTopicWriter endpointWriter() {
      return new EndpointTopicWriter(
          stack.kafka().bootstrapServers(),
          settings.get("worker.topic.endpoints"),
          SigningSecretSeal.fromBase64(masterKey));
    }

    List<String> publish(int count) {
      List<String> ids = new ArrayList<>();
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()),
              new ByteArraySerializer(),
              new ByteArraySerializer())) {
        for (int i = 0; i < count; i++) {
          String id = UUID.randomUUID().toString();
          producer.send(
              EventRecord.of(
                  eventsTopic,
                  id,
                  utf8("{\"id\":\"" + id + "\",\"eventType\":\"order.created\"}"),
                  id,
                  "order.created",
                  null,
                  null,
                  null));
          ids.add(id);
        }
        producer.flush();
      }
      return ids;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
