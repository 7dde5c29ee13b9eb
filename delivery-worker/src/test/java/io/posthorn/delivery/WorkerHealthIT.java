package io.posthorn.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

  private static Admin admin(WorkerFixture w) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, w.stack.kafka().bootstrapServers()));
  }
}
