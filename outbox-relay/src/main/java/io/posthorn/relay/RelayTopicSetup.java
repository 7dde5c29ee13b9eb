package io.posthorn.relay;

import io.posthorn.schema.TopicReplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics the relay writes to ({@link RelayConfig#topics()}): which are missing, and creating
 * them with the configured partitions and replication (the offsets and endpoints topics compacted,
 * the offsets topic with one partition, as Debezium's offset store wants it; the replication as
 * {@link TopicReplication} chooses it, from the cluster's size unless configured). Used at start
 * and, by the {@link RelaySupervisor}, at run time, when a topic was deleted or a broker came back
 * without its data. One admin client for the setup's life.
 */
final class RelayTopicSetup implements AutoCloseable {
  private static final long TIMEOUT_MS = 10_000;

  private final RelayConfig config;
  private final Admin admin;
  private TopicReplication replication;

  RelayTopicSetup(RelayConfig config) {
    this.config = config;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT_MS / 2,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT_MS,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "posthorn-relay-" + config.slotName() + "-topics"));
  }

  /**
   * At start: creates the missing topics when {@code relay.topic.create} allows it, else fails
   * naming them.
   */
  void ensure() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      return;
    }
    if (!config.topicCreate()) {
      throw new RelayException(
          missingMessage(missing)
              + " and relay.topic.create is false: create "
              + (missing.size() == 1 ? "it" : "them")
              + " (see docs/operations/relay.md), or set relay.topic.create=true");
    }
    create(missing);
  }

  /** The relay's topics that do not exist on the cluster, in {@link RelayConfig#topics()} order. */
  List<String> missing() {
    try {
      Set<String> existing =
          admin
              .listTopics(new ListTopicsOptions().listInternal(false))
              .names()
              .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      return config.topics().stream().filter(t -> !existing.contains(t)).toList();
    } catch (ExecutionException | TimeoutException e) {
      throw new RelayException(
          "listing the topics on " + config.bootstrapServers(),
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RelayException("interrupted while listing topics", e);
    }
  }

  /** Creates these topics with the configured settings; one that exists by now is left alone. */
  void create(List<String> topics) {
    List<NewTopic> create = new ArrayList<>();
    for (String t : topics) {
      create.add(newTopic(t));
    }
    for (var entry : admin.createTopics(create).values().entrySet()) {
      try {
        entry.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new RelayException(
              "creating topic " + entry.getKey() + " on " + config.bootstrapServers(),
              e.getCause());
        }
      } catch (TimeoutException e) {
        throw new RelayException(
            "creating topic " + entry.getKey() + " on " + config.bootstrapServers(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RelayException("interrupted while creating topics", e);
      }
    }
  }

  /** How a topic is created: what the relay would create at start. */
  String describe(String topic) {
    NewTopic t = newTopic(topic);
    return topic
        + " ("
        + t.numPartitions()
        + (t.numPartitions() == 1 ? " partition" : " partitions")
        + ", "
        + replication()
        + (compacted(topic) ? ", compacted" : "")
        + ")";
  }

  private NewTopic newTopic(String topic) {
    Map<String, String> configs =
        compacted(topic)
            ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
            : Map.of();
    // Kafka Connect's offset store wants one partition.
    int partitions = topic.equals(config.offsetsTopic()) ? 1 : config.topicPartitions();
    return replication().newTopic(topic, partitions, configs);
  }

  /** The offsets topic and the endpoints topic (a table: the latest document per endpoint). */
  private boolean compacted(String topic) {
    return topic.equals(config.offsetsTopic()) || topic.equals(config.endpointsTopic());
  }

  /** Chosen once, from the cluster's size when no factor is configured. */
  private TopicReplication replication() {
    if (replication == null) {
      try {
        replication =
            TopicReplication.forCluster(
                admin, config.topicReplicationFactor(), Duration.ofMillis(TIMEOUT_MS));
      } catch (IllegalStateException e) {
        throw new RelayException(
            "choosing the replication factor on " + config.bootstrapServers(), e);
      }
    }
    return replication;
  }

  static String missingMessage(List<String> missing) {
    return (missing.size() == 1 ? "topic " : "topics ")
        + String.join(", ", missing)
        + (missing.size() == 1 ? " is" : " are")
        + " missing on Kafka";
  }

  @Override
  public void close() {
    admin.close();
  }
}
