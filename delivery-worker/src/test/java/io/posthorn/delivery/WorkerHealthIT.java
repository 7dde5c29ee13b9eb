package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.delivery.signing.SigningSecretSeal;
import io.posthorn.devstack.LocalKafka;
import io.posthorn.schema.health.Health;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What {@link DeliveryWorker#health()} reports, and a topic that goes missing while the worker
 * runs.
 */
@Timeout(120)
class WorkerHealthIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void startingUntilTheRoutingTableIsLoadedAndTheLoopsRunThenReady() {
    try (WorkerFixture w = new WorkerFixture(b -> b)) {
      DeliveryWorker worker =
          DeliveryWorker.create(w.config, Clock.systemUTC(), DeliveryListener.NONE);
      try {
        assertThat(worker.health().status()).isEqualTo(Health.Status.STARTING);
        assertThat(worker.health().detail()).contains("routing table");

        worker.start();

        await().atMost(WAIT).until(() -> worker.health().isReady());
      } finally {
        worker.close();
      }
    }
  }

  @Test
  void aTopicDeletedWhileRunningIsNamedAndRecreatedWithItsSettings() throws Exception {
    try (WorkerFixture w = new WorkerFixture(b -> b.topicCheckInterval(Duration.ofMillis(200)));
        Admin admin = admin(w)) {
      w.start(DeliveryListener.NONE);
      await().atMost(WAIT).until(() -> w.worker().health().isReady());

      admin.deleteTopics(List.of(w.config.deadLetterTopic())).all().get();

      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> admin.listTopics().names().get().contains(w.config.deadLetterTopic()));
      var retention =
          admin
              .describeConfigs(
                  List.of(
                      new org.apache.kafka.common.config.ConfigResource(
                          org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                          w.config.deadLetterTopic())))
              .all()
              .get()
              .values()
              .iterator()
              .next()
              .get("retention.ms")
              .value();
      assertThat(retention).as("recreated with the configured settings").isEqualTo("-1");
      assertThat(w.worker().health().isReady()).isTrue();
    }
  }

  @Test
  void aTopicDeletedWhileRunningFailsTheWorkerWhenItMayNotCreateTopics() throws Exception {
    try (WorkerFixture w =
            new WorkerFixture(
                b -> b.topicCreate(false).topicCheckInterval(Duration.ofMillis(200)));
        Admin admin = admin(w)) {
      w.start(DeliveryListener.NONE);
      await().atMost(WAIT).until(() -> w.worker().health().isReady());

      admin.deleteTopics(List.of(w.config.deadLetterTopic())).all().get();

      await().atMost(WAIT).until(() -> w.worker().health().isFailed());
      assertThat(w.worker().health().detail())
          .contains(w.config.deadLetterTopic(), "worker.topic.create is false");
    }
  }

  @Test
  void notReadyWhileKafkaDoesNotAnswer_readyAgainOnceItIsBack() {
    LocalKafka kafka = LocalKafka.start(0);
    String servers = kafka.bootstrapServers();
    int port = Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
    WorkerConfig config =
        WorkerConfig.builder(
                servers, SigningSecretSeal.fromBase64(SigningSecretSeal.generateMasterKey()))
            .groupId("kafka-lost")
            .topicPartitions(1)
            .topicCheckInterval(Duration.ofMillis(200))
            .build();
    kafka.createTopics(Map.of(config.eventsTopic(), 1));
    DeliveryWorker worker = DeliveryWorker.create(config, Clock.systemUTC(), DeliveryListener.NONE);
    try {
      worker.start();
      await().atMost(WAIT).until(() -> worker.health().isReady());

      kafka.close();
      await().atMost(WAIT).until(() -> !worker.health().isReady());
      assertThat(worker.health().isFailed()).as("waiting for Kafka is not a failure").isFalse();
      assertThat(worker.health().detail()).contains("Kafka at " + servers + " does not answer");

      kafka = LocalKafka.start(port);
      kafka.createTopics(Map.of(config.eventsTopic(), 1));
      await().atMost(WAIT).until(() -> worker.health().isReady());
    } finally {
      worker.close();
      kafka.close();
    }
  }

  private static Admin admin(WorkerFixture w) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, w.stack.kafka().bootstrapServers()));
  }
}
