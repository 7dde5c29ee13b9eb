package io.posthorn.relay;

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
 * them with the configured partitions and replication factor (the offsets and endpoints topics
 * compacted, the offsets topic with one partition, as Debezium's offset store wants it). Used at
 * start and, by the {@link RelaySupervisor}, at run time, when a topic was deleted or a broker came
 * back without its data. One admin client for the setup's life.
 */
final class RelayTopicSetup implements AutoCloseable {
  private static final long TIMEOUT_MS = 10_000;

  private final RelayConfig config;
  private final Admin admin;

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
        + ", replication factor "
        + t.replicationFactor()
        + (t.configs() == null ? "" : ", compacted")
        + ")";
  }

  private NewTopic newTopic(String topic) {
    Map<String, String> compacted =
        Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    if (topic.equals(
        config.offsetsTopic())) { // Kafka Connect's offset store: one partition, compacted
      return new NewTopic(topic, 1, config.topicReplicationFactor()).configs(compacted);
    }
    if (topic.equals(
        config.endpointsTopic())) { // a table, not a log: the latest document per endpoint
      return new NewTopic(topic, config.topicPartitions(), config.topicReplicationFactor())
          .configs(compacted);
    }
    return new NewTopic(topic, config.topicPartitions(), config.topicReplicationFactor());
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
