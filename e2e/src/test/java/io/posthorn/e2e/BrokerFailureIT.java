package io.posthorn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.posthorn.devstack.DevStack;
import io.posthorn.devstack.LocalKafkaCluster;
import io.posthorn.devstack.LocalPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A three-broker KRaft cluster whose nodes are child JVMs: while events flow to several endpoints,
 * one broker is killed with SIGKILL and restarted, then the active controller. The topics Posthorn
 * created have three replicas and {@code min.insync.replicas=2}, so every (event, endpoint) pair
 * arrives; duplicates are counted and carry a published {@code webhook-id}. The cluster starts once
 * for the class. The 100,000-event size: {@code -Dfaults.events=100000} ({@code -Pfaults-large}).
 */
class BrokerFailureIT {
  private static final int EVENTS = Integer.getInteger("faults.events", 600);
  private static final int PER_SECOND = Integer.getInteger("faults.rate", 150);
  private static final Duration WAIT = Duration.ofSeconds(120 + EVENTS / 100);
  private static LocalKafkaCluster cluster;

  @BeforeAll
  static void startCluster() {
    long started = System.nanoTime();
    cluster = LocalKafkaCluster.start(3);
    System.out.printf(
        "BrokerFailureIT: three-node cluster up in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(3600)
  void killingABrokerThenTheControllerMidStream_losesNoEventEndpointPair() throws Exception {
    LocalPostgres postgres = DevStack.shared().postgres();
    String database = postgres.createDatabase("brokers");
    try (FaultPipeline p =
        new FaultPipeline(
            "brokers",
            postgres.jdbcUrl(database),
            postgres.dataSource(database),
            cluster.bootstrapServers(),
            3)) {
      p.startRelay();
      p.startWorker();
      assertReplicatedThreeTimesWithTwoInSync(p.prefix + ".events", p.prefix + ".retry.");

      OutboxLoad load = p.load(PER_SECOND).limit(EVENTS);
      int controller = cluster.activeController();
      int follower = cluster.nodeIds().stream().filter(n -> n != controller).findFirst().get();

      load.awaitCommitted(EVENTS / 4, WAIT);
      cluster.kill(follower);
      load.awaitCommitted(EVENTS / 2, WAIT);
      cluster.restart(follower);
      cluster.awaitHealthy(WAIT);

      int leader = cluster.activeController();
      cluster.kill(leader);
      load.awaitCommitted(EVENTS * 3 / 4, WAIT);
      cluster.restart(leader);
      load.awaitCommitted(EVENTS, WAIT);
      load.stop();

      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(p.ledger.report().lost()).as("lost pairs").isZero());
      var report = p.ledger.report();
      System.out.printf(
          "BrokerFailureIT: broker %d killed and restarted, then controller %d: %s%n",
          follower, leader, report);
      assertThat(report.sent()).isEqualTo((long) EVENTS * 3);
      assertThat(report.lost()).isZero();
      assertThat(report.unpublished()).as("duplicates carry a published webhook-id").isZero();
    }
  }

  /** The relay's events topic and a worker tier topic: three replicas, two must acknowledge. */
  private static void assertReplicatedThreeTimesWithTwoInSync(String... topicsOrPrefixes)
      throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
      List<String> names =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(
                  n ->
                      List.of(topicsOrPrefixes).stream()
                          .anyMatch(t -> n.equals(t) || n.startsWith(t)))
              .toList();
      assertThat(names).hasSizeGreaterThan(1);
      for (TopicDescription t :
          admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
        assertThat(t.partitions()).allSatisfy(pt -> assertThat(pt.replicas()).hasSize(3));
      }
      for (String name : names) {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        var config =
            admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
        assertThat(config.get("min.insync.replicas").value()).as(name).isEqualTo("2");
      }
    }
  }
}
