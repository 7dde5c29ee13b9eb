package io.posthorn.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A Kafka cluster of several KRaft nodes (each a combined broker and controller, all voters), each
 * a child JVM on 127.0.0.1, for fault tests: {@link #kill(int)} is a real process death (SIGKILL)
 * and {@link #restart(int)} brings the node back on its own log directory and ports.
 *
 * <p>The brokers keep Kafka's defaults for the topics clients create ({@code
 * default.replication.factor} and {@code min.insync.replicas} 1), so a test sees the replication
 * Posthorn chooses itself; the internal topics (consumer offsets, transactions) have three replicas
 * when there are three nodes. Every node halts when this JVM goes away ({@link BrokerNodeMain}).
 * Not thread-safe: one test drives it.
 */
public final class LocalKafkaCluster implements AutoCloseable {
  private static final Duration READY = Duration.ofSeconds(120);

  private final Path root;
  private final List<ClusterNode> nodes;
  private final String bootstrapServers;
  private final Admin admin;

  private LocalKafkaCluster(Path root, List<ClusterNode> nodes) {
    this.root = root;
    this.nodes = nodes;
    this.bootstrapServers =
        nodes.stream().map(ClusterNode::address).collect(Collectors.joining(","));
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
  }

  /** Formats {@code size} nodes with one cluster id, starts them and waits until all are up. */
  public static LocalKafkaCluster start(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, got " + size);
    }
    Path root;
    try {
      root = Files.createTempDirectory("posthorn-kafka-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException("creating the cluster's directory", e);
    }
    List<int[]> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(new int[] {FreePort.orAny(0), FreePort.orAny(0)});
    }
    String voters =
        java.util.stream.IntStream.range(0, size)
            .mapToObj(i -> (i + 1) + "@127.0.0.1:" + ports.get(i)[1])
            .collect(Collectors.joining(","));
    String clusterId = Uuid.randomUuid().toString();
    List<ClusterNode> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Path dir = root.resolve("node-" + (i + 1));
      Properties p = properties(i + 1, ports.get(i)[0], ports.get(i)[1], voters, dir, size);
      nodes.add(ClusterNode.format(i + 1, dir, p, clusterId, "127.0.0.1:" + ports.get(i)[0]));
    }
    LocalKafkaCluster cluster = new LocalKafkaCluster(root, nodes);
    try {
      nodes.forEach(ClusterNode::launch);
      cluster.awaitHealthy(READY);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private static Properties properties(
      int id, int brokerPort, int controllerPort, String voters, Path dir, int size) {
    String internalReplicas = Integer.toString(Math.min(3, size));
    String internalMinIsr = Integer.toString(Math.max(1, Math.min(3, size) - 1));
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(id));
    p.put("controller.quorum.voters", voters);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("log").toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", internalReplicas);
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", internalReplicas);
    p.put("transaction.state.log.min.isr", internalMinIsr);
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", internalReplicas);
    p.put("share.coordinator.state.topic.min.isr", internalMinIsr);
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
    // A killed node is noticed in about 2 s, and comes back without waiting out its old session.
    p.put("broker.session.timeout.ms", "2000");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("replica.lag.time.max.ms", "5000");
    p.put("controller.quorum.election.timeout.ms", "1000");
    p.put("controller.quorum.fetch.timeout.ms", "2000");
    return p;
  }

  /** Every node's {@code host:port}, comma-separated, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The node ids, 1 to size. */
  public List<Integer> nodeIds() {
    return nodes.stream().map(ClusterNode::id).toList();
  }

  /** The node that leads the KRaft quorum now: the active controller. */
  public int activeController() {
    try {
      return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
    } catch (Exception e) {
      throw new IllegalStateException("describing the metadata quorum", e);
    }
  }

  /** SIGKILL to a node, waiting for the process to end. */
  public void kill(int nodeId) {
    node(nodeId).kill();
  }

  /** Starts a killed or stopped node again on its log directory and ports. */
  public void restart(int nodeId) {
    node(nodeId).launch();
  }

  /**
   * Waits until every node is registered with the controller and no partition of any topic has
   * fewer in-sync replicas than replicas: the state in which another node may die safely.
   */
  public void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      nodes.forEach(ClusterNode::checkAlive);
      try {
        last = unhealthy();
        if (last.isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e.toString();
      }
      pause();
    }
    throw new IllegalStateException("cluster not healthy within " + timeout + ": " + last);
  }

  /** What is not healthy yet, or an empty string. */
  private String unhealthy() throws Exception {
    Set<Integer> up =
        admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
            .map(Node::id)
            .collect(Collectors.toSet());
    if (up.size() < nodes.size()) {
      return "nodes registered: " + up;
    }
    Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    for (TopicDescription t :
        admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
      for (TopicPartitionInfo p : t.partitions()) {
        if (p.isr().size() < p.replicas().size() || p.leader() == null) {
          return t.name() + "-" + p.partition() + " in-sync " + p.isr() + " of " + p.replicas();
        }
      }
    }
    return "";
  }

  /** Creates topics that do not exist yet, replicated on every node (at most three). */
  public void createTopics(Map<String, Integer> partitionsByTopic) {
    short replicas = (short) Math.min(3, nodes.size());
    List<NewTopic> topics =
        partitionsByTopic.entrySet().stream()
            .map(e -> new NewTopic(e.getKey(), e.getValue(), replicas))
            .toList();
    for (var result : admin.createTopics(topics).values().values()) {
      try {
        result.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("creating topics " + partitionsByTopic.keySet(), e);
        }
      } catch (Exception e) {
        throw new IllegalStateException("creating topics " + partitionsByTopic.keySet(), e);
      }
    }
  }

  private ClusterNode node(int id) {
    return nodes.stream()
        .filter(n -> n.id() == id)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in " + nodeIds()));
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the cluster", e);
    }
  }

  /** Kills every node and deletes their directories. */
  @Override
  public void close() {
    admin.close(Duration.ofSeconds(2));
    nodes.forEach(ClusterNode::kill);
    TempFiles.deleteRecursively(root);
  }
}
